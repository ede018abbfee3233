using System.Diagnostics;
using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>Losing the console: taken by another client (ipmitool), the BMC killed; the "already active" policies.</summary>
public sealed class IpmiSolFailureLabTests(Bmc22 bmc) : IClassFixture<Bmc22>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private IpmiSolOptions Options(SolActivePolicy policy) => new()
    {
        Session = bmc.Options() with { RequestTimeout = TimeSpan.FromMilliseconds(500), RequestRetries = 2 },
        WhenActive = policy,
        Keepalive = TimeSpan.FromSeconds(1),
        WaitBackoffMax = TimeSpan.FromSeconds(1),
    };

    private async Task<int> IpmitoolAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("ipmitool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in bmc.IpmitoolArgs.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync().WaitAsync(Generous);
        return p.ExitCode;
    }

    /// <summary>`ipmitool sol activate` with its stdin held open (it exits at EOF), as a human at the console.</summary>
    private Process StartIpmitoolConsole()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("sleep 60 | exec ipmitool \"$@\" sol activate");
        psi.ArgumentList.Add("ipmitool");
        foreach (string a in bmc.IpmitoolArgs)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }

    private static async Task<bool> IsStolenByIpmitoolAsync(IpmiSolOptions options)
    {
        await using IpmiSession probe = await IpmiSession.OpenAsync(options.Session);
        IpmiResponse r = await probe.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetPayloadActivationStatus, [0x01], CancellationToken.None);
        return r.CompletionCode == 0 && (r.Data[1] & 1) != 0;
    }

    private static async Task StopAsync(CancellationTokenSource cts, Task run)
    {
        await cts.CancelAsync();
        try
        {
            await run.WaitAsync(Generous);
        }
        catch (IpmiException)
        {
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_console_taken_by_another_client_is_noticed_and_each_policy_is_applied_on_reconnect()
    {
        var collector = new IpmiSolCollector(Options(SolActivePolicy.Fail));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        Process? human = null;
        try
        {
            await sink.Connected.WaitAsync(Generous);
            // several keepalives pass without a false alarm
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(run.IsCompleted, $"the idle collector stopped: {run.Exception?.InnerException?.Message}");

            // a human takes the console the usual way
            Assert.Equal(0, await IpmitoolAsync("sol", "deactivate"));
            human = StartIpmitoolConsole();
            var lost = await Assert.ThrowsAsync<IpmiSessionLostException>(() => run.WaitAsync(Generous));
            Assert.Contains("another client", lost.Message, StringComparison.Ordinal);
            await WaitUntilAsync(() => IsStolenByIpmitoolAsync(Options(SolActivePolicy.Fail))); // ipmitool holds SOL now

            // policy fail: a clear error, the human keeps the console
            var refused = await Assert.ThrowsAsync<IpmiException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None).WaitAsync(Generous));
            Assert.Contains("already active on another session (policy fail)", refused.Message, StringComparison.Ordinal);

            // policy wait: connects once the human lets go
            var waiting = new IpmiSolCollector(Options(SolActivePolicy.Wait));
            var waitSink = new RecordingSink();
            using var waitCts = new CancellationTokenSource();
            Task waitRun = waiting.RunAsync(waitSink, waitCts.Token);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(waitSink.Connected.IsCompleted, "policy wait must not take the console");
            Assert.Equal(0, await IpmitoolAsync("sol", "deactivate"));
            await waitSink.Connected.WaitAsync(Generous);
            await StopAsync(waitCts, waitRun);

            // policy steal: takes the console from the human
            human.Kill(entireProcessTree: true);
            human.Dispose();
            await IpmitoolAsync("sol", "deactivate"); // already inactive after the wait collector stopped: either way it is free
            human = StartIpmitoolConsole();
            await WaitUntilAsync(() => IsStolenByIpmitoolAsync(Options(SolActivePolicy.Fail)));
            var stealing = new IpmiSolCollector(Options(SolActivePolicy.Steal));
            var stealSink = new RecordingSink();
            using var stealCts = new CancellationTokenSource();
            Task stealRun = stealing.RunAsync(stealSink, stealCts.Token);
            await stealSink.Connected.WaitAsync(Generous);
            await bmc.WriteConsoleAsync("after the steal\r\n");
            await stealSink.WaitForAsync("after the steal", Generous, stealRun);
            await StopAsync(stealCts, stealRun);
        }
        finally
        {
            human?.Kill(entireProcessTree: true);
            human?.Dispose();
            await StopAsync(cts, run);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Generous;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in time");
            await Task.Delay(200);
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_killed_bmc_fails_the_collector_and_the_next_run_reconnects_after_its_restart()
    {
        var collector = new IpmiSolCollector(Options(SolActivePolicy.Steal));
        var sink = new RecordingSink();
        Task run = collector.RunAsync(sink, CancellationToken.None);
        await sink.Connected.WaitAsync(Generous);

        bmc.KillIpmiSim();
        var lost = await Assert.ThrowsAsync<IpmiSessionLostException>(() => run.WaitAsync(Generous));
        Assert.Contains("did not answer", lost.Message, StringComparison.Ordinal);

        await bmc.UpAsync();
        var again = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run2 = collector.RunAsync(again, cts.Token);
        await again.Connected.WaitAsync(Generous);
        await bmc.WriteConsoleAsync("back again\r\n");
        await again.WaitForAsync("back again", Generous, run2);
        await StopAsync(cts, run2);
    }
}
