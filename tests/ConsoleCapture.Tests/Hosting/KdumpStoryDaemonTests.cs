using System.Text.Json;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// The kdump story through a running daemon: a console (a file the test writes as the lab VM printed it) panics, its
/// incident is stored at once and updated as the capture kernel boots and saves; tail, export and the fleet see it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpStoryDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-daemon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Fixture(string name) => File.ReadAllLines(RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", name));

    [Fact]
    public async Task The_incident_of_a_panic_is_updated_to_saved_as_the_capture_kernel_runs_and_tail_export_and_the_fleet_see_it()
    {
        string console = Path.Combine(_dir, "vm-ok.log");
        string nomem = Path.Combine(_dir, "vm-nomem.log");
        await File.WriteAllTextAsync(console, "");
        await File.WriteAllLinesAsync(nomem, Fixture("lab-x86_64-6.1-sysrq-nomem-capture-oom.log"));
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-ok
                host: vm-ok
                type: file
                path: {console}
                fromBeginning: true
              - name: vm-nomem
                type: file
                path: {nomem}
                fromBeginning: true
            """);
        string database = TestDaemon.Database(_dir);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, database);
        // tail subscribes to the console's notes before it replays the transcript (--since): once it printed a line the
        // console wrote after it started, it sees every later note (the incident may be stored a moment after the panic).
        using SolwatchProcess tail = SolwatchProcess.Start(["tail", "vm-ok", "--since", "1h", "--db", database]);
        const string Following = "solwatch-test: tail follows vm-ok";
        await File.AppendAllLinesAsync(console, [Following]);
        await WaitForAsync(() => tail.Stdout.Contains(Following, StringComparison.Ordinal), () => tail.Stdout);

        // The first kernel up to its panic, and no further: the incident is stored with the story so far.
        string[] log = Fixture("lab-x86_64-6.1-sysrq-ok-saved.log");
        int panic = Array.FindIndex(log, l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        await File.AppendAllLinesAsync(console, log[..(panic + 1)]);
        JsonElement first = await WaitForExportAsync(database, i => i.GetProperty("console").GetString() == "vm-ok");
        Assert.Equal("kernel panic: sysrq triggered crash", first.GetProperty("report").GetProperty("title").GetString());
        Assert.Equal("unknown", first.GetProperty("kdump").GetProperty("outcome").GetString());
        Assert.True(first.GetProperty("kdump").GetProperty("armed").GetBoolean());

        // The capture kernel boots and saves: the same incident is updated.
        await File.AppendAllLinesAsync(console, log[(panic + 1)..]);
        JsonElement saved = await WaitForExportAsync(database, i => i.GetProperty("id").GetInt64() == first.GetProperty("id").GetInt64()
            && i.GetProperty("kdump").GetProperty("outcome").GetString() == "saved" && i.GetProperty("captureTranscript").GetArrayLength() > 0);
        Assert.StartsWith("/mnt/crash/127.0.0.1-", saved.GetProperty("kdump").GetProperty("vmcorePath").GetString(), StringComparison.Ordinal);
        Assert.Contains(saved.GetProperty("captureTranscript").EnumerateArray(),
            l => l.GetProperty("text").GetString()!.Contains("kdump: saving vmcore complete", StringComparison.Ordinal));

        // A follower of the console saw the incident and its outcome between the console's lines.
        await WaitForAsync(() => tail.Stdout.Contains("kdump saved: vmcore saved to /mnt/crash/", StringComparison.Ordinal), () => tail.Stdout);
        Assert.Contains($"[solwatch] incident {first.GetProperty("id").GetInt64()} stored: kernel panic: sysrq triggered crash", tail.Stdout, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the quiet period, when the lines after the crash are stored
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(tail.Stdout, "kdump saved: "));
        TailNotes.AssertEachNoteMovesTheStoryOn(tail.Stdout.Split('\n').Select(l => l.TrimEnd('\r')), first.GetProperty("id").GetInt64());

        // The fleet: one host armed whose last capture saved, one whose capture kernel ran out of memory.
        JsonElement[] fleet = [];
        await WaitForAsync(async () =>
        {
            (int code, string stdout, _) = await SolwatchProcess.RunAsync("kdump", "--json", "--db", database);
            fleet = code == 0 ? JsonSerializer.Deserialize<JsonElement[]>(stdout)! : [];
            return fleet.Length == 2 && fleet.All(e => e.GetProperty("lastCrash").ValueKind == JsonValueKind.Object);
        });
        JsonElement okHost = fleet.Single(e => e.GetProperty("console").GetString() == "vm-ok");
        Assert.True(okHost.GetProperty("readiness").GetProperty("armed").GetBoolean());
        Assert.Equal("saved", okHost.GetProperty("lastCrash").GetProperty("kdump").GetProperty("outcome").GetString());
        (int listed, string table, string err) = await SolwatchProcess.RunAsync("kdump", "--db", database);
        Assert.True(listed == 0, err);
        Assert.Matches(@"vm-nomem\s+yes\s+72M\s+\S+ \S+\s+capture-kernel-failed\s+capture kernel ran out of memory while booting: crashkernel=72M is too small", table);
        Assert.Matches(@"vm-ok\s+yes\s+112M\s+\S+ \S+\s+saved\s+vmcore saved to /mnt/crash/", table);

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(TestDaemon.Patience));
        // Without the daemon, the fleet is read from the database file.
        (listed, table, err) = await SolwatchProcess.RunAsync("kdump", "--db", database);
        Assert.True(listed == 0, err);
        Assert.Matches(@"vm-ok\s+yes\s+112M", table);
    }

    private static async Task<JsonElement> WaitForExportAsync(string database, Func<JsonElement, bool> wanted)
    {
        JsonElement found = default;
        await WaitForAsync(async () =>
        {
            (int code, string export, _) = await SolwatchProcess.RunAsync("incidents", "export", "--db", database);
            found = code == 0
                ? export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<JsonElement>(l)).FirstOrDefault(wanted)
                : default;
            return found.ValueKind == JsonValueKind.Object;
        });
        return found;
    }

    private static Task WaitForAsync(Func<bool> condition, Func<string> what) =>
        WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<string>? what = null)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not seen in time{(what is null ? "" : ": " + what())}");
            await Task.Delay(300);
        }
    }
}
