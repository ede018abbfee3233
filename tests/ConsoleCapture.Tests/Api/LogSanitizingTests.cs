using System.Net.Http.Json;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary>What a client says about itself (the user name of a control request) reaches the daemon's log escaped and bounded.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LogSanitizingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-logsafe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_user_name_with_a_forged_log_line_escape_sequences_and_bidi_controls_is_logged_escaped_and_cut()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: echo
                type: exec
                command: [cat]
            """);
        await daemon.WaitForConnectedAsync("echo");

        string forged = "mallory\n12:00:00 INF Console echo: root sends 1 bytes\u001b[2J\u0085\u202e\u2066evil" + new string('A', 5000);
        using HttpResponseMessage response = await daemon.Http.PostAsJsonAsync("/api/consoles/echo/send", new { text = "x", user = forged });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await daemon.DisposeAsync();

        string stdout = daemon.Process.Stdout;
        string[] lines = stdout.Split('\n');
        string logged = Assert.Single(lines, l => l.Contains("Console echo: mallory", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("12:00:00 INF Console echo: root", StringComparison.Ordinal));
        foreach (char c in "\u001b\u0085\u202e\u2066")
        {
            Assert.DoesNotContain(c.ToString(), stdout, StringComparison.Ordinal);
        }
        Assert.Contains(@"mallory\n12:00:00", logged, StringComparison.Ordinal);
        Assert.True(logged.Length < 200, $"the logged line is {logged.Length} characters long");

        // The JSON log file keeps the same bounded name.
        string clef = string.Concat(Directory.GetFiles(Path.Combine(_dir, "logs")).Select(File.ReadAllText));
        Assert.Contains("mallory", clef, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('A', 100), clef, StringComparison.Ordinal);
    }
}
