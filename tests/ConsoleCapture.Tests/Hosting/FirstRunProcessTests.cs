using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>What a new user meets in the first minutes, through the real process: clear one-line errors, a demo that can run twice.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FirstRunProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-firstrun-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotMatch(@"(?m)^\s+at [A-Za-z_.]+[.(]|Exception:", output);

    [Fact]
    public async Task A_second_daemon_whose_API_port_is_taken_says_so_in_one_line_exits_2_and_opens_nothing()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        string data = Path.Combine(_dir, "second");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("run", "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data);

        Assert.Equal(2, code);
        Assert.Equal(
            $"solwatch: port {port} on 127.0.0.1 is in use (another solwatch? `solwatch consoles` asks it); choose another with --api-port or api.port in the config\n",
            stderr.ReplaceLineEndings("\n"));
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(data), "nothing is created before the port is known to be free");
    }

    [Fact]
    public async Task Run_without_a_configuration_takes_its_API_port_and_data_directory_from_the_command_line()
    {
        string data = Path.Combine(_dir, "demo");
        using SolwatchProcess daemon = SolwatchProcess.Start(["run", "--api-port", "0", "--data-dir", data]);
        await WaitForAsync(daemon, "  try:");

        Assert.Contains($"database:    {Path.Combine(data, "incidents.db")}", daemon.Stdout, StringComparison.Ordinal);
        Assert.Contains($"transcripts: {Path.Combine(data, "transcripts")}", daemon.Stdout, StringComparison.Ordinal);
        Assert.Contains($"log files:   {Path.Combine(data, "logs")}", daemon.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"127.0.0.1:{ConfigLoader.DefaultApiPort} ", daemon.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(DataPaths.TokenFileFor(Path.Combine(data, "incidents.db"))));

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Run_with_a_data_directory_that_cannot_be_created_names_it_in_one_line_and_exits_2()
    {
        // Under a regular file: no directory can be made there, for root too (tests run as root in CI).
        string blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "not a directory\n");
        string data = Path.Combine(blocker, "solwatch");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("run", "--api-port", "0", "--data-dir", data);

        Assert.Equal(2, code);
        AssertNoStackTrace(stdout + stderr);
        Assert.StartsWith($"solwatch: cannot create the log directory {Path.Combine(data, "logs")} (", stderr, StringComparison.Ordinal);
        Assert.EndsWith("give --data-dir a directory this user can write; nothing started\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("not a directory\n", File.ReadAllText(blocker));
    }

    [Fact]
    public async Task Run_whose_home_directory_does_not_exist_yet_keeps_its_data_under_that_home_not_the_working_directory()
    {
        string home = Path.Combine(_dir, "home-not-made-yet");
        using SolwatchProcess daemon = SolwatchProcess.Start(["run", "--api-port", "0"], new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_DATA_HOME"] = "",
        });
        await WaitForAsync(daemon, "  try:");

        string data = Path.Combine(home, ".local", "share", "solwatch");
        Assert.Contains($"database:    {Path.Combine(data, "incidents.db")}", daemon.Stdout, StringComparison.Ordinal);
        Assert.Contains($"log files:   {Path.Combine(data, "logs")}", daemon.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "incidents.db")));

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Two_demo_runs_on_one_data_directory_store_the_replayed_panic_once_and_the_second_says_where_it_is()
    {
        string data = Path.Combine(_dir, "demo");
        using (SolwatchProcess first = SolwatchProcess.Start(["run", "--api-port", "0", "--data-dir", data]))
        {
            await WaitForAsync(first, "incident 1 stored");
            Assert.Contains("demo:        replaying samples/demo-panic.log", first.Stdout, StringComparison.Ordinal);
            first.Signal("TERM");
            Assert.Equal(0, await first.WaitForExitAsync(Patience));
        }

        using (SolwatchProcess second = SolwatchProcess.Start(["run", "--api-port", "0", "--data-dir", data]))
        {
            await WaitForAsync(second, "  try:");
            Assert.Contains(
                $"demo:        samples/demo-panic.log was replayed into this database before: its panic is incident 1 (solwatch incidents show 1 --db {Path.Combine(data, "incidents.db")}); not replayed or stored again",
                second.Stdout, StringComparison.Ordinal);
            (int consolesCode, string consoles, _) = await SolwatchProcess.RunAsync("consoles", "--db", Path.Combine(data, "incidents.db"));
            Assert.Equal(0, consolesCode);
            Assert.Contains("samples/demo-panic.log (embedded), replayed before: its panic is incident 1", consoles, StringComparison.Ordinal);
            // Longer than the replay (2.4 s at 11520 B/s) and the quiet period (10 s) of the first run.
            await Task.Delay(TimeSpan.FromSeconds(14));
            Assert.DoesNotContain("stored:", second.Stdout, StringComparison.Ordinal);
            second.Signal("TERM");
            Assert.Equal(0, await second.WaitForExitAsync(Patience));
        }

        (int code, string list, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--db", Path.Combine(data, "incidents.db"));
        Assert.True(code == 0, stderr);
        Assert.Single(JsonSerializer.Deserialize<JsonElement[]>(list)!);
    }

    [Fact]
    public async Task Tail_of_an_unknown_console_without_a_daemon_names_the_known_consoles_and_exits_2()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(Path.Combine(data, "transcripts", "web-01"));
        Directory.CreateDirectory(Path.Combine(data, "transcripts", "demo"));

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("tail", "nosuch", "--db", Path.Combine(data, "incidents.db"));

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("solwatch: no console named nosuch; known: demo, web-01 (", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_of_a_directory_says_it_is_a_directory_not_permission_denied()
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("scan", _dir);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"solwatch scan: {_dir}: a directory; name the files to read (e.g. {Path.Combine(_dir, "*.log")})\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Run_with_a_directory_as_its_configuration_says_so_in_one_line()
    {
        (int code, _, string stderr) = await SolwatchProcess.RunAsync("run", "--config", _dir);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch: --config {_dir}: a directory; give the YAML file (e.g. {Path.Combine(_dir, "solwatch.yaml")})\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Bench_scan_with_a_missing_work_directory_says_so_in_one_line_before_writing_anything()
    {
        string corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        File.WriteAllText(Path.Combine(corpus, "a.log"), "[    1.0] Kernel panic - not syncing: test\n");
        string missing = Path.Combine(_dir, "no", "such");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("bench", "scan", "--corpus", corpus, "--size-mb", "1", "--runs", "1", "--work-dir", missing);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch bench scan: --work-dir {missing}: no such directory (create it, or leave --work-dir out for a temporary one)\n", stderr.ReplaceLineEndings("\n"));
        AssertNoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task The_commands_the_start_up_lines_suggest_reach_this_daemon_not_the_default_database_s()
    {
        var quiet = new Dictionary<string, string> { ["XDG_DATA_HOME"] = Path.Combine(_dir, "xdg"), ["SOLWATCH_CONFIG"] = "" };

        // The default database: the plain commands find it.
        using (SolwatchProcess daemon = SolwatchProcess.Start(["run", "--api-port", "0"], quiet))
        {
            await WaitForAsync(daemon, "solwatch incidents list");
            Assert.Contains("  try:         solwatch consoles\n               solwatch tail CONSOLE\n               solwatch incidents list\n", daemon.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            daemon.Signal("TERM");
            Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
        }

        // --data-dir: the commands name its database.
        string data = Path.Combine(_dir, "second");
        using (SolwatchProcess daemon = SolwatchProcess.Start(["run", "--api-port", "0", "--data-dir", data], quiet))
        {
            await WaitForAsync(daemon, "solwatch incidents list");
            string db = Path.Combine(data, "incidents.db");
            Assert.Contains($"  try:         solwatch consoles --db {db}\n               solwatch tail CONSOLE --db {db}\n               solwatch incidents list --db {db}\n",
                daemon.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains($"(log in: solwatch web url --db {db})", daemon.Stdout, StringComparison.Ordinal);
            daemon.Signal("TERM");
            Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
        }

        // A configuration of one's own: the commands name it, and they work.
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: ticker
                type: exec
                shell: "while true; do echo tick; sleep 1; done"
            """);
        using (SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", config], quiet))
        {
            await WaitForAsync(daemon, "solwatch incidents list");
            Assert.Contains($"  try:         solwatch consoles --config {config}\n", daemon.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            using SolwatchProcess consoles = SolwatchProcess.Start(["consoles", "--config", config], quiet);
            Assert.Equal(0, await consoles.WaitForExitAsync(Patience));
            Assert.Contains("ticker", consoles.Stdout, StringComparison.Ordinal);
            daemon.Signal("TERM");
            Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
        }
    }

    private static async Task WaitForAsync(SolwatchProcess daemon, string text)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!daemon.Stdout.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(daemon.HasExited, $"the daemon exited: {daemon.Stdout}{daemon.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no \"{text}\" within {Patience}: {daemon.Stdout}{daemon.Stderr}");
            await Task.Delay(200);
        }
    }
}
