using System.Diagnostics;
using System.Globalization;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// An OpenIPMI <c>ipmi_sim</c> this test starts itself, for BMC setups the lab's bmc.sh does not make: a BMC key (Kg),
/// or SOL over telnet instead of a pty. Same user as the lab (admin/labpass), same command file; it listens on the
/// RMCP+ port of a lab instance number (9623+N) reserved for the test. Stopped (by its PID) in <see cref="DisposeAsync"/>.
/// </summary>
public sealed class IpmiSimProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private IpmiSimProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts ipmi_sim on UDP 127.0.0.1:9623+<paramref name="instance"/> with extra lines inside the LAN section
    /// (<paramref name="lanLines"/>, e.g. <c>bmc_key "…"</c>) and in the MC section (<paramref name="mcLines"/>,
    /// e.g. a <c>sol</c> line); waits until it answers.
    /// </summary>
    public static async Task<IpmiSimProcess> StartAsync(int instance, string lanLines = "", string mcLines = "")
    {
        int port = 9623 + instance;
        string dir = Directory.CreateTempSubdirectory($"solwatch-ipmisim{instance}-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "state"));
        await File.WriteAllTextAsync(Path.Combine(dir, "lan.conf"), $"""
            name "solwatch-test{instance}"
            set_working_mc 0x20
              startlan 1
                addr 127.0.0.1 {port.ToString(CultureInfo.InvariantCulture)}
                priv_limit admin
                allowed_auths_callback none md2 md5 straight
                allowed_auths_user none md2 md5 straight
                allowed_auths_operator none md2 md5 straight
                allowed_auths_admin none md2 md5 straight
                guid a123456789abcdefa123456789abcdef
                {lanLines}
              endlan
              user 2 true     "admin" "labpass"  admin    10       none md2 md5 straight
              {mcLines}

            """);
        var psi = new ProcessStartInfo("ipmi_sim")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["-c", Path.Combine(dir, "lan.conf"), "-f", Path.Combine(RepoPaths.Lab, "ipmi", "bmc.emu"), "-s", Path.Combine(dir, "state"), "-n"])
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ipmi_sim is needed (apt-get install openipmi)", e);
        }
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var sim = new IpmiSimProcess(process, dir, port);
        await sim.WaitUntilListeningAsync();
        return sim;
    }

    private async Task WaitUntilListeningAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"ipmi_sim exited with {(_process.HasExited ? _process.ExitCode : 0)}; config {_dir}/lan.conf");
            using var ss = Process.Start(new ProcessStartInfo("ss", ["-Hlun", $"sport = :{Port}"]) { RedirectStandardOutput = true })!;
            string listening = await ss.StandardOutput.ReadToEndAsync();
            await ss.WaitForExitAsync();
            if (listening.Trim().Length > 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"ipmi_sim did not listen on UDP {Port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
