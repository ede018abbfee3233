using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Collectors.Serial;
using SolWatch.ConsoleCapture.Collectors.Tcp;
using SolWatch.ConsoleCapture.Collectors.Telnet;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Lab;

/// <summary>The lab VM (a real Debian kernel under QEMU) crashes with its ttyS0 on a TCP port; the collector reads it.</summary>
[Collection(CollectorsLabGroup.Name)]
public sealed class CrashingVmTests(LabFixture lab)
{
    [PeerFact(Peers.LabVm)]
    public async Task The_tcp_collector_receives_the_panic_of_a_crashing_vm()
    {
        int port = FreePorts.Tcp();
        string text = await CaptureCrashAsync($"tcp:127.0.0.1:{port},server=on,wait=off", new TcpCollector(new TcpCollectorOptions("127.0.0.1", port)));

        Assert.Contains("Kernel panic - not syncing", text, StringComparison.Ordinal);
    }

    [PeerFact(Peers.LabVm)]
    public async Task The_telnet_collector_receives_the_panic_of_a_crashing_vm_without_telnet_bytes()
    {
        int port = FreePorts.Tcp();
        using var collector = new TelnetCollector(new TelnetCollectorOptions(new TcpCollectorOptions("127.0.0.1", port)));
        string text = await CaptureCrashAsync($"tcp:127.0.0.1:{port},server=on,wait=off,telnet=on", collector);

        Assert.Contains("Kernel panic - not syncing", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u00ff', text);
    }

    [PeerFact(Peers.LabVm, "socat")]
    public async Task The_serial_collector_receives_the_panic_of_a_vm_on_the_other_end_of_a_pty_pair()
    {
        string dir = Directory.CreateTempSubdirectory("solwatch-vmserial-").FullName;
        try
        {
            await using PtyPair line = await PtyPair.StartAsync(dir, "ttyS0");
            using var collector = new SerialCollector(new SerialCollectorOptions(line.Far));
            string text = await CaptureCrashAsync(File.ResolveLinkTarget(line.Near, true)!.FullName, collector);

            Assert.Contains("Kernel panic - not syncing", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Boots the VM with qemu's <c>-serial <paramref name="serial"/></c> (a TCP server does not wait for a client:
    /// the supervisor has to find it, as in production) and returns what the collector received by the panic.
    /// </summary>
    private async Task<string> CaptureCrashAsync(string serial, IConsoleCollector collector)
    {
        var env = new Dictionary<string, string>
        {
            ["LAB_WORK"] = lab.WorkDir,
            ["SERIAL"] = serial,
            ["CRASH"] = "null",
            // A second before the crash gives the collector time to attach to the just-opened port.
            ["DELAY"] = "1",
            ["PANIC"] = "-1",
            ["NOREBOOT"] = "1",
            ["APPEND_EXTRA"] = LabKernel.Arguments,
        };
        var sink = new RecordingSink();
        var supervisor = new ConsoleSupervisor(collector, sink,
            new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), healthyAfter: TimeSpan.FromSeconds(1)), _ => { });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);
        await using (PeerProcess qemu = PeerProcess.Start("bash", [Path.Combine(RepoPaths.Lab, "boot.sh")], env))
        {
            if (!await sink.TryWaitUntilAsync(s => s.Text.Contains("Kernel panic - not syncing", StringComparison.Ordinal), TimeSpan.FromSeconds(150)))
            {
                Assert.Fail($"no panic line from the VM; {sink.Describe()}\nqemu: {qemu.Output}");
            }
        }
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
        return sink.Text;
    }
}
