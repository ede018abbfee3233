using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>SOL data both ways through the lab's ipmi_sim (no VM: the test plays the machine on the BMC's pty).</summary>
public sealed class IpmiSolCollectorLabTests(Bmc21 bmc) : IClassFixture<Bmc21>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private IpmiSolOptions Options() => new() { Session = bmc.Options(), WhenActive = SolActivePolicy.Steal, Keepalive = TimeSpan.FromSeconds(2) };

    [PeerFact(Peers.LabBmc)]
    public async Task Console_output_and_typed_input_travel_through_sol_both_ways()
    {
        var collector = new IpmiSolCollector(Options());
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        try
        {
            Assert.Equal("SOL payload 1, cipher suite 3", await sink.Connected.WaitAsync(Generous));

            // machine → SOL: more than one SOL packet's worth, in two writes
            string line = "SOLWATCH-LAB hello from the machine " + new string('x', 300);
            await bmc.WriteConsoleAsync(line + "\r\n");
            await bmc.WriteConsoleAsync("second line\r\n");
            await sink.WaitForAsync("second line\r\n", Generous, run);
            Assert.Contains(line + "\r\n", sink.Text, StringComparison.Ordinal);

            // SOL → machine: longer than the BMC's 28-character packets, so it is split and ACKed in parts
            using var pty = new PtyReader(bmc.TtyVm);
            await Task.Delay(200); // let cat open the pty
            string typed = "typed by solwatch: " + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i:D2}-abcdefgh "));
            await collector.SendAsync(System.Text.Encoding.ASCII.GetBytes(typed), CancellationToken.None).AsTask().WaitAsync(Generous);
            await pty.WaitForAsync(typed, Generous);

            await collector.SendBreakAsync(CancellationToken.None).AsTask().WaitAsync(Generous);
        }
        finally
        {
            await cts.CancelAsync();
            await run.WaitAsync(Generous);
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Cancelling_the_collector_returns_promptly_and_frees_the_console_for_the_next_client()
    {
        var collector = new IpmiSolCollector(Options() with { WhenActive = SolActivePolicy.Fail });
        var sink = new RecordingSink();
        using (var cts = new CancellationTokenSource())
        {
            Task run = collector.RunAsync(sink, cts.Token);
            await sink.Connected.WaitAsync(Generous);
            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(5));
        }

        // policy "fail" would throw if the previous run had left SOL active
        var again = new RecordingSink();
        using var cts2 = new CancellationTokenSource();
        Task run2 = collector.RunAsync(again, cts2.Token);
        await again.Connected.WaitAsync(Generous);
        await cts2.CancelAsync();
        await run2.WaitAsync(Generous);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Sending_while_not_connected_says_so()
    {
        var collector = new IpmiSolCollector(Options());

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => collector.SendAsync(new byte[] { 1 }, CancellationToken.None).AsTask());
        Assert.Contains("not connected", e.Message, StringComparison.Ordinal);
    }
}
