using System.Diagnostics;
using System.Globalization;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Tests.Cli.Client;

/// <summary>
/// The CLI sends nothing (no token, no text) to a process that cannot prove it is the daemon that wrote the token
/// file: a daemon killed with -9 leaves its file behind, and anyone may listen on its port afterwards.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StaleTokenFileTests : IDisposable
{
    private const string Token = "feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface";
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-stale-").FullName;

    private string Database => Path.Combine(_dir, "incidents.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An empty database file, as a daemon that ran and died leaves.</summary>
    private async Task CreateDatabaseAsync()
    {
        await using IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = Database });
    }

    /// <summary>A token file as the daemon writes it, written by hand (its fields named as in the file).</summary>
    private void WriteTokenFile(string url, int pid, string? extra = null) =>
        File.WriteAllText(DataPaths.TokenFileFor(Database),
            $"{{\"url\":\"{url}\",\"token\":\"{Token}\",\"pid\":{pid.ToString(CultureInfo.InvariantCulture)}{extra}}}");

    private async Task<(int Code, string Stdout, string Stderr)> Solwatch(params string[] args)
    {
        using SolwatchProcess cli = SolwatchProcess.Start([.. args, "--db", Database]);
        int code = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, cli.Stdout, cli.Stderr);
    }

    [Fact]
    public async Task An_impostor_on_the_port_of_a_dead_daemons_token_file_receives_nothing_and_read_verbs_open_the_database()
    {
        await CreateDatabaseAsync();
        await using var impostor = new ImpostorListener();
        int deadPid;
        using (Process gone = Process.Start("true")!)
        {
            deadPid = gone.Id;
            await gone.WaitForExitAsync();
        }
        WriteTokenFile(impostor.Url, deadPid);

        (int code, _, string stderr) = await Solwatch("send", "echo", "secret-text-for-the-console");
        Assert.Equal(2, code);
        Assert.Contains($"(pid {deadPid.ToString(CultureInfo.InvariantCulture)}) is not running", stderr, StringComparison.Ordinal);

        (code, string stdout, stderr) = await Solwatch("incidents", "list", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("[]", stdout.Trim());
        Assert.Contains("is not running", stderr, StringComparison.Ordinal);

        Assert.Equal("", impostor.Received);
    }

    [Fact]
    public async Task When_the_pid_in_the_token_file_was_reused_by_a_process_that_does_not_own_the_port_the_impostor_receives_nothing()
    {
        await CreateDatabaseAsync();
        await using var impostor = new ImpostorListener();
        using Process other = Process.Start("sleep", "60");
        try
        {
            // Alive, and named with its own start time: only the socket's owner tells it from the daemon.
            string stat = File.ReadAllText($"/proc/{other.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            string startTime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
            WriteTokenFile(impostor.Url, other.Id, $",\"processStart\":{startTime}");

            (int code, _, string stderr) = await Solwatch("send", "echo", "secret-text-for-the-console");
            Assert.Equal(2, code);
            Assert.Contains($"(pid {other.Id.ToString(CultureInfo.InvariantCulture)}) does not listen on port {impostor.Port.ToString(CultureInfo.InvariantCulture)}", stderr, StringComparison.Ordinal);
            Assert.Equal("", impostor.Received);
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public async Task An_impostor_that_is_the_process_named_in_the_token_file_never_receives_the_token_or_the_text()
    {
        await CreateDatabaseAsync();
        await using var impostor = new ImpostorListener();
        // The worst case: the token file names this very process (alive, the listener's owner), start time and all.
        string stat = File.ReadAllText("/proc/self/stat");
        string startTime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        WriteTokenFile(impostor.Url, Environment.ProcessId, $",\"processStart\":{startTime}");

        (int code, _, string stderr) = await Solwatch("send", "echo", "secret-text-for-the-console");
        Assert.Equal(2, code);
        Assert.Contains("is not SolWatch", stderr, StringComparison.Ordinal);

        (code, string stdout, stderr) = await Solwatch("incidents", "list", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("[]", stdout.Trim());

        Assert.DoesNotContain(Token, impostor.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-text", impostor.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", impostor.Received, StringComparison.OrdinalIgnoreCase);
    }
}
