using SolWatch.ConsoleCapture.Collectors.Exec;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Lab;

/// <summary>The exec collector running <c>ipmitool sol activate</c> against a simulated BMC of the lab (instance 40).</summary>
[Collection(CollectorsLabGroup.Name)]
public sealed class IpmitoolSolTests(LabFixture lab) : IAsyncLifetime
{
    private const int Bmc = 40;

    private string TtyVm => Path.Combine(lab.WorkDir, $"bmc-{Bmc}", "ttyVM");

    public async Task InitializeAsync() => await lab.RunAsync("bmc.sh", "up", Bmc.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await lab.RunAsync("bmc.sh", "down", Bmc.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [PeerFact(Peers.LabBmc)]
    public async Task Ipmitool_sol_activate_is_a_console_whose_stdin_stays_open()
    {
        Assert.True(PeerProcess.FindOnPath("ipmitool") is not null, "ipmitool is not installed (apt-get install ipmitool)");
        // The password goes through the environment (-E), not the command line that `ps` shows.
        using var collector = new ExecCollector(new ExecCollectorOptions(
            ["ipmitool", "-I", "lanplus", "-H", "127.0.0.1", "-p", (9623 + Bmc).ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", "admin", "-E", "-C", "3", "sol", "activate"],
            environment: new Dictionary<string, string> { ["IPMI_PASSWORD"] = "labpass" },
            breakSequence: "\r~B"u8.ToArray()));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "ipmitool to start");

        // Live SOL only carries bytes written while the session is up, and ipmitool's banner is not flushed
        // to a pipe: write until a line comes through.
        byte[] line = "[    4.000000] Kernel panic - not syncing: via SOL\r\n"u8.ToArray();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!sink.Text.Contains("not syncing: via SOL", StringComparison.Ordinal))
        {
            Assert.False(run.IsCompleted, $"ipmitool ended: {sink.Text} {run.Exception?.InnerException?.Message}");
            await using (var tty = new FileStream(TtyVm, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
            {
                await tty.WriteAsync(line, deadline.Token);
            }
            await Task.Delay(500, deadline.Token);
        }

        Assert.False(run.IsCompleted);
        Assert.DoesNotContain("labpass", sink.Text, StringComparison.Ordinal);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
    }
}
