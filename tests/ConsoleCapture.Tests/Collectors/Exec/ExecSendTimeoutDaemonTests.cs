using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SolWatch.ConsoleCapture.Tests.Api;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

/// <summary><c>solwatch send</c> to a command that never reads its input times out instead of hanging the console.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecSendTimeoutDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-sendtimeout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_send_larger_than_the_pipe_to_a_command_that_never_reads_times_out_later_sends_fail_promptly_and_other_consoles_still_take_input()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: deaf
                type: exec
                command: [sleep, "600"]
              - name: echo
                type: exec
                command: [cat]
            """);
        await daemon.WaitForConnectedAsync("deaf");
        await daemon.WaitForConnectedAsync("echo");

        // What a send costs on this machine (the CLI's start included), to tell a prompt refusal from a timeout.
        var clock = Stopwatch.StartNew();
        (int code, _, string stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "echo", "warm-up");
        Assert.True(code == 0, stderr);
        TimeSpan baseline = clock.Elapsed;

        // More than a pipe holds (64 KiB): the write cannot complete while sleep does not read.
        clock.Restart();
        (code, _, stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "deaf", new string('a', 100_000), "--no-enter");
        Assert.Equal(2, code);
        Assert.Contains("console deaf", stderr, StringComparison.Ordinal);
        Assert.Contains("is not reading its input", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the first send took {clock.Elapsed}");

        clock.Restart();
        (code, _, stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "deaf", "x");
        Assert.Equal(2, code);
        Assert.Contains("is not reading its input", stderr, StringComparison.Ordinal);
        // Refused at once, not after a timeout of its own: the gate says no byte of it was written because the earlier
        // write still waits (SendGate). Why not a bound on the time: on a loaded machine (a CI run's lab VMs) the CLI's
        // start alone took from 1 to 4 seconds.
        Assert.Contains("an earlier write is still waiting for it, so nothing of this send was written", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "echo", "still-works");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task A_send_of_more_than_a_mebibyte_is_refused_before_anything_is_written()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: echo
                type: exec
                command: [cat]
            """);
        await daemon.WaitForConnectedAsync("echo");
        using HttpResponseMessage response = await daemon.Http.PostAsJsonAsync("/api/consoles/echo/send", new { text = new string('a', 1_100_000) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1100000 bytes is more than one send takes (1048576)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
