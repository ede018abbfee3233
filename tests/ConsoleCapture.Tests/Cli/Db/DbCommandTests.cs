using System.Security.Cryptography;
using System.Text;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Tests.Cli.Db;

/// <summary>
/// <c>solwatch db check|rebuild</c>, <c>incidents list</c> and <c>fleet</c> on real database files damaged on disk,
/// and the daemon refusing a file that is not its database: the real solwatch binary, real files.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DbCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 7, 53, 1, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static NewIncident Numbered(int n) => new(
        $"bmc-{n:D3}",
        $"node{n}",
        new CrashReport
        {
            Kind = CrashKind.Oops,
            Title = $"BUG: unable to handle kernel NULL pointer dereference in handler_{n}",
            Fingerprint = $"fp{n:D14}",
            Panicked = n % 5 == 0,
            Text = $"MARK-{n:D3}-" + new string('k', 1500),
        },
        T0.AddMinutes(n),
        T0.AddMinutes(n).AddSeconds(2),
        [new TranscriptLine(T0.AddMinutes(n), "[   11.0] sysrq: Trigger a crash")]);

    private static async Task CreateAsync(string path, int count)
    {
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path, RepeatWindow = TimeSpan.Zero });
        var tasks = new List<Task<Incident>>();
        for (var n = 1; n <= count; n++)
        {
            Assert.True(store.TryStore(Numbered(n), out var stored));
            tasks.Add(stored);
        }
        await Task.WhenAll(tasks);
    }

    /// <summary>Random bytes over the 64 bytes before incident <paramref name="n"/>'s text: its data block is garbage.</summary>
    private static void Scramble(string path, int n)
    {
        byte[] bytes = System.IO.File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes($"MARK-{n:D3}-"));
        Assert.True(at > 64);
        byte[] noise = new byte[64];
        new Random(7).NextBytes(noise);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = at - 64;
        stream.Write(noise);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path)));

    [Fact]
    public async Task Incidents_list_and_fleet_on_a_damaged_file_show_the_readable_incidents_and_warn_naming_the_unreadable_one()
    {
        string db = File("incidents.db");
        await CreateAsync(db, 30);
        Scramble(db, 12);
        string before = Hash(db);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("bmc-011", stdout, StringComparison.Ordinal);
        Assert.Contains("bmc-013", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bmc-012", stdout, StringComparison.Ordinal);
        Assert.Matches("warning: 1 incident record\\(s\\) .* unreadable .*ids 12", stderr);

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("fleet", "--db", db, "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("fp00000000000013", stdout, StringComparison.Ordinal);
        Assert.Contains("ids 12", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task Every_verb_on_a_file_cut_after_its_second_page_answers_or_names_the_file_and_rebuild_says_the_missing_part_is_uncounted()
    {
        string db = File("incidents.db");
        await CreateAsync(db, 12);
        using (var stream = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength((2 * 8192) + 1234); // LiteDB closed its engine on the first damaged page it met here
        }
        string before = Hash(db);

        foreach (string[] verb in new[]
        {
            new[] { "incidents", "list" }, ["fleet"], ["kdump"], ["db", "check"], ["incidents", "show", "1"],
            ["incidents", "list", "--kind", "hardware"], ["incidents", "export"],
        })
        {
            (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync([.. verb, "--db", db]);
            string said = $"{string.Join(' ', verb)} exit {code}: {stdout}{stderr}";
            Assert.DoesNotMatch(@"(?m)^\s+at [A-Za-z_.]+[.(]|Exception", stdout + stderr);
            Assert.True(code is 0 or 1 or 2, said);
            Assert.True(code == 0 || (stdout + stderr).Contains(db, StringComparison.Ordinal), said);
        }

        string output = File("salvaged.db");
        (int rebuilt, string said2, string err2) = await SolwatchProcess.RunAsync("db", "rebuild", "--db", db, "-o", output);
        Assert.True(rebuilt == 0, err2);
        Assert.Contains("the file was a LiteDB database cut short (", said2, StringComparison.Ordinal);
        Assert.Contains("incidents stored in the missing part are gone and not counted above", said2, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task Incidents_list_on_a_file_cut_short_shows_what_is_left_and_says_the_rest_is_missing()
    {
        string db = File("incidents.db");
        await CreateAsync(db, 40);
        using (var stream = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            // Three quarters: the index pages come first (the incidents', kdump readiness's, hardware events'), the
            // incidents' data pages after them, and the cut must leave some of those.
            stream.SetLength((stream.Length * 3 / 4) + 1234);
        }
        string before = Hash(db);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("bmc-001", stdout, StringComparison.Ordinal);
        Assert.Contains("cut short", stderr, StringComparison.Ordinal);
        Assert.Contains("incidents stored in the missing part are not shown", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task Db_check_exits_0_on_a_sound_file_and_1_naming_the_damage_on_a_damaged_or_foreign_one()
    {
        string sound = File("sound.db");
        string damaged = File("damaged.db");
        string text = File("notes.db");
        await CreateAsync(sound, 5);
        await CreateAsync(damaged, 5);
        Scramble(damaged, 3);
        await System.IO.File.WriteAllTextAsync(text, "not a database\n");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("db", "check", "--db", sound);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("OK, 5 incident(s)", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await SolwatchProcess.RunAsync("db", "check", "--db", damaged);
        Assert.Equal(1, code);
        Assert.Contains("DAMAGED", stdout, StringComparison.Ordinal);
        Assert.Contains("4 incident(s) readable, 1 unreadable (ids 3)", stdout, StringComparison.Ordinal);
        Assert.Contains("incident 3:", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await SolwatchProcess.RunAsync("db", "check", "--db", text);
        Assert.Equal(1, code);
        Assert.Contains("a text file, not a SolWatch incident database", stdout, StringComparison.Ordinal);

        (code, _, stderr) = await SolwatchProcess.RunAsync("db", "check", "--db", File("missing.db"));
        Assert.Equal(2, code);
        Assert.Contains("no database file at", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_rebuild_in_place_saves_every_readable_incident_and_keeps_the_damaged_file()
    {
        string db = File("incidents.db");
        await CreateAsync(db, 30);
        Scramble(db, 20);
        string before = Hash(db);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("db", "rebuild", "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("saved 29 incident(s)", stdout, StringComparison.Ordinal);
        Assert.Contains("lost 1 unreadable (ids 20)", stdout, StringComparison.Ordinal);
        string kept = Assert.Single(Directory.GetFiles(_dir, "incidents.db.damaged-*"));
        Assert.Contains($"kept as {kept}", stdout, StringComparison.Ordinal);
        Assert.Equal(before, Hash(kept));

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--db", db, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal(29, stdout.Split("\"console\"").Length - 1);
        (code, _, _) = await SolwatchProcess.RunAsync("db", "check", "--db", db);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Db_rebuild_of_a_truncated_file_writes_the_salvage_to_the_output_and_leaves_the_original()
    {
        string db = File("incidents.db");
        string output = File("salvaged.db");
        await CreateAsync(db, 40);
        using (var stream = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength((stream.Length / 2) + 1234);
        }
        string before = Hash(db);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("db", "rebuild", "--db", db, "-o", output);
        Assert.True(code == 0, stderr);
        Assert.Matches("saved [0-9]+ incident\\(s\\) into ", stdout);
        Assert.Contains($"the damaged file {db} is unchanged", stdout, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
        (code, _, _) = await SolwatchProcess.RunAsync("db", "check", "--db", output);
        Assert.Equal(0, code);

        (code, _, stderr) = await SolwatchProcess.RunAsync("db", "rebuild", "--db", db, "-o", output);
        Assert.Equal(2, code);
        Assert.Contains("exists", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_on_a_damaged_database_answers_with_the_readable_incidents_and_a_warning_header()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: demo
                type: replay
                resource: demo
                bytesPerSecond: 1
            """);
        string db = TestDaemon.Database(_dir);
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        await CreateAsync(db, 30);
        Scramble(db, 12);

        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, db);
        try
        {
            SolWatch.ConsoleCapture.Api.ApiEndpoint endpoint = SolWatch.ConsoleCapture.Api.ApiEndpoint.TryRead(SolWatch.ConsoleCapture.Config.DataPaths.TokenFileFor(db))!;
            using var http = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", endpoint.Token);
            foreach (string route in new[] { "/api/incidents?limit=1000", "/api/fleet?limit=1000" })
            {
                using HttpResponseMessage response = await http.GetAsync(route);
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                Assert.Equal(29, body.Split("\"fingerprint\"").Length - 1);
                Assert.Contains("ids 12", string.Join(" ", response.Headers.GetValues("X-SolWatch-Warning")), StringComparison.Ordinal);
            }

            // The CLI asking the daemon says so too, as it does when it reads the file itself.
            foreach (string[] verb in new[] { new[] { "incidents", "list", "--limit", "1000" }, new[] { "fleet" } })
            {
                (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync([.. verb, "--db", db]);
                Assert.True(code == 0, stderr);
                Assert.Contains("the daemon's database: warning: ", stderr, StringComparison.Ordinal);
                Assert.Contains("ids 12", stderr, StringComparison.Ordinal);
                Assert.Contains("solwatch db rebuild", stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TestDaemon.Patience);
        }
    }

    [Fact]
    public async Task The_daemon_refuses_to_start_on_a_file_that_is_not_its_database_and_leaves_it_untouched()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: demo
                type: replay
                resource: demo
            """);
        string db = TestDaemon.Database(_dir);
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        await System.IO.File.WriteAllBytesAsync(db, png);

        using SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", config]);
        int code = await daemon.WaitForExitAsync(TestDaemon.Patience);

        Assert.Equal(2, code);
        string output = daemon.Stdout + daemon.Stderr;
        Assert.Contains($"{db} is a PNG image, not a SolWatch incident database", output, StringComparison.Ordinal);
        Assert.Contains("Move it aside", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(png, await System.IO.File.ReadAllBytesAsync(db));
    }
}
