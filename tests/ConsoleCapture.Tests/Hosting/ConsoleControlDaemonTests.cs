using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary><c>solwatch send|break|sysrq</c> against a real daemon whose consoles are <c>cat</c> (what is typed comes back).</summary>
public sealed class ConsoleControlDaemonTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-control-").FullName;

    private string Database => Path.Combine(_dir, "data", "incidents.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig()
    {
        string path = Path.Combine(_dir, "solwatch.yaml");
        File.WriteAllText(path, """
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            api:
              port: 0
            logging:
              directory: logs
            consoles:
              - name: echo
                type: exec
                command: [cat]
              - name: watched
                type: exec
                command: [cat]
                readOnly: true
            """);
        return path;
    }

    private static async Task WaitUntilAsync(string what, Func<bool> done)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not seen within {Patience.TotalSeconds} s");
            }
            await Task.Delay(200);
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> Solwatch(params string[] args) =>
        await SolwatchProcess.RunAsync([.. args, "--db", Database]);

    [Fact]
    public async Task Text_sent_through_the_daemon_reaches_the_console_and_read_only_consoles_refuse_writes()
    {
        using SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", WriteConfig()]);
        try
        {
            await WaitUntilAsync("the daemon's API", () => ApiEndpoint.TryRead(DataPaths.TokenFileFor(Database)) is not null || daemon.HasExited);
            await WaitUntilAsync("both consoles started", () => daemon.Stdout.Contains("  try:", StringComparison.Ordinal) || daemon.HasExited);
            Assert.False(daemon.HasExited, daemon.Stdout + daemon.Stderr);

            using SolwatchProcess tail = SolwatchProcess.Start(["tail", "echo", "--db", Database]);
            // The console may still be starting its command; send until cat answers.
            DateTime deadline = DateTime.UtcNow + Patience;
            while (!tail.Stdout.Contains("hello from send", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the console did not echo the sent text: {daemon.Stdout}");
                (int sent, _, string why) = await Solwatch("send", "echo", @"hello from send\n", "--no-enter");
                Assert.True(sent == 0 || why.Contains("not running", StringComparison.Ordinal), why);
                await Task.Delay(500);
            }

            (int refusedCode, _, string refused) = await Solwatch("send", "watched", "reboot");
            Assert.Equal(2, refusedCode);
            Assert.Contains("console watched is readOnly in the configuration; solwatch does not send text to it (set readOnly: false to allow writes)", refused, StringComparison.Ordinal);
            (refusedCode, _, refused) = await Solwatch("sysrq", "watched", "c");
            Assert.Equal(2, refusedCode);
            Assert.Contains("console watched is readOnly", refused, StringComparison.Ordinal);

            (int code, _, string stderr) = await Solwatch("break", "echo");
            Assert.Equal(2, code);
            Assert.Contains("no break sequence is configured for this command", stderr, StringComparison.Ordinal);
            (code, _, stderr) = await Solwatch("sysrq", "echo", "!");
            Assert.Equal(2, code);
            Assert.Contains("'!' is not a SysRq key", stderr, StringComparison.Ordinal);
            (code, _, stderr) = await Solwatch("send", "nosuch", "x");
            Assert.Equal(2, code);
            Assert.Contains("no console nosuch", stderr, StringComparison.Ordinal);

            Assert.Contains($"Console echo: {Environment.UserName} sends 16 bytes", daemon.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("hello from send", daemon.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
