using System.Diagnostics;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// A BMC whose serial side can carry a break: the lab VM (CRASH=none: a shell) with its ttyS0 on a qemu telnet
/// server, and an ipmi_sim whose SOL connects to it as a telnet client (<c>sol "telnet:…"</c>). ipmi_sim turns a SOL
/// break into IAC BREAK, and qemu turns that into a real break on the VM's serial port. Uses lab instance 228's
/// ports: RMCP+ on UDP 9851, the VM's telnet serial on TCP 9230. The lab's bmc.sh cannot build this (its SOL is a
/// pty pair), so the test starts both processes itself and stops them by PID.
/// </summary>
public sealed class TelnetSolBmc : IAsyncLifetime
{
    private const int Instance = 228;
    private const int SerialPort = 9002 + Instance;
    private Process? _vm;
    private IpmiSimProcess? _sim;

    public int Port => _sim!.Port;

    public async Task InitializeAsync()
    {
        if (Peers.Missing([Peers.LabBmc, Peers.LabVm]) is not null)
        {
            return; // its test is skipped (PeerFact); setup.sh would try to apt-get install what is missing
        }
        (int setup, string output) = await LabScripts.RunAsync(LabBmc.WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(setup == 0, $"lab setup.sh failed: {output}");
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Lab, "boot.sh"));
        psi.Environment["LAB_WORK"] = LabBmc.WorkDir;
        psi.Environment["CRASH"] = "none";
        psi.Environment["DELAY"] = "0";
        psi.Environment["PANIC"] = "0";
        psi.Environment["APPEND_EXTRA"] = LabKernel.Arguments;
        // The guest stays paused until the telnet client (ipmi_sim's SOL) is there.
        psi.Environment["SERIAL"] = $"telnet:127.0.0.1:{SerialPort},server=on,wait=on";
        _vm = Process.Start(psi)!; // boot.sh execs qemu: this PID is qemu's
        _vm.StandardInput.Close();
        _ = _vm.StandardOutput.ReadToEndAsync();
        _ = _vm.StandardError.ReadToEndAsync();
        await WaitForTcpListenerAsync();
        _sim = await IpmiSimProcess.StartAsync(Instance, mcLines: $"sol \"telnet:127.0.0.1:{SerialPort}\" 115200");
    }

    private async Task WaitForTcpListenerAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_vm!.HasExited, "qemu exited before listening on its telnet serial port");
            using var ss = Process.Start(new ProcessStartInfo("ss", ["-Hltn", $"sport = :{SerialPort}"]) { RedirectStandardOutput = true })!;
            string listening = await ss.StandardOutput.ReadToEndAsync();
            await ss.WaitForExitAsync();
            if (listening.Trim().Length > 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"qemu did not listen on TCP {SerialPort}");
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
        if (_vm is not null)
        {
            if (!_vm.HasExited)
            {
                _vm.Kill();
                await _vm.WaitForExitAsync();
            }
            _vm.Dispose();
        }
    }
}
