using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SolWatch.ConsoleCapture.Ssh;
using SolWatch.TestSupport;
using static SolWatch.ConsoleCapture.Tests.Ssh.SshTestOptions;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary>
/// End to end with a real kernel: the lab VM (Debian kernel under QEMU) crashes on ttyS0, the fake BMC bridges
/// that serial port into its SSH console like an iDRAC does, and the collector captures the panic.
/// </summary>
public sealed class SshLabVmTests(SshdServer server) : IClassFixture<SshdServer>
{
    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root, Peers.LabVm)]
    public async Task A_real_kernel_panic_from_the_lab_VM_arrives_through_the_BMC_s_SSH_console()
    {
        string work = LabScripts.WorkDir("ssh");
        var (setupCode, setupOutput) = await LabScripts.RunAsync(work, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(setupCode == 0, $"lab setup.sh failed ({setupCode}):\n{setupOutput}");

        int serialPort = FreePort();
        server.SetScenario("idrac", console: $"tcp:{serialPort}");
        var env = new Dictionary<string, string>
        {
            ["SERIAL"] = $"tcp:127.0.0.1:{serialPort},server=on,wait=on", // the guest starts when the BMC bridge connects
            ["CRASH"] = "null",
            ["DELAY"] = "0",
        };
        Task<(int ExitCode, string Output)> vm = LabScripts.RunAsync(work, "boot.sh", [], env, TimeSpan.FromMinutes(4));

        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac));
        using var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        try
        {
            bool panicked = await sink.WaitForAsync("Kernel panic - not syncing", TimeSpan.FromMinutes(3));
            string qemu = vm.IsCompleted ? (await vm).Output : "still running";
            Assert.True(panicked, $"no panic through SSH; received:\n{sink.Text}\nsshd:\n{server.Log}\nqemu: {qemu}");
            Assert.Contains("Linux version 6.1", sink.Text, StringComparison.Ordinal);
            Assert.Contains("BUG: kernel NULL pointer dereference", sink.Text, StringComparison.Ordinal);
        }
        finally
        {
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            // With panic=-1 and -no-reboot QEMU exits at the panic; LabScripts kills it after its timeout otherwise.
            await vm;
        }
    }

    private static int FreePort()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = 46000 + RandomNumberGenerator.GetInt32(1000);
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
                // Taken; try another.
            }
        }
    }
}
