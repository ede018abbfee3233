using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// One simulated BMC of the shared lab (OpenIPMI ipmi_sim + socat pty pair), instance numbers 20-39 are ours.
/// Started in <see cref="InitializeAsync"/>, stopped (bmc.sh down) in <see cref="DisposeAsync"/>.
/// </summary>
public abstract class LabBmc : IAsyncLifetime
{
    /// <summary>LAB_WORK of this test project's IPMI tests.</summary>
    public static string WorkDir { get; } = LabScripts.WorkDir("ipmi");

    protected LabBmc(int instance)
    {
        Instance = instance;
    }

    public int Instance { get; }

    /// <summary>
    /// Whether ipmi_sim keeps a SOL history (instance 2; the lab's default). With it, ipmi_sim reads its pty without flow
    /// control into a 16 KiB buffer and drops what overflows while the SOL client has not ACKed: a lab VM writes its
    /// boot into the pty at memory speed, not at the serial line's, and loses kilobytes now and then however quickly we
    /// ACK. Without it (HISTORY=0), flow control holds the VM back and nothing is lost.
    /// </summary>
    protected bool History { get; init; } = true;

    public int Port => 9623 + Instance;

    public string Dir => Path.Combine(WorkDir, $"bmc-{Instance}");

    /// <summary>The host side of the BMC's serial port: what is written here comes out through SOL.</summary>
    public string TtyVm => Path.Combine(Dir, "ttyVM");

    /// <summary>ipmitool with the lab's admin login for this BMC (suite 3).</summary>
    public IReadOnlyList<string> IpmitoolArgs =>
        ["-I", "lanplus", "-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "admin", "-P", "labpass", "-C", "3"];

    public IpmiSessionOptions Options(string password = "labpass") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UserName = "admin",
        Password = password,
        CipherSuites = [3],
        RequestTimeout = TimeSpan.FromSeconds(1),
    };

    public async Task UpAsync()
    {
        (int code, string output) = await LabScripts.RunAsync(WorkDir, "bmc.sh", ["up", Instance.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            History ? null : new Dictionary<string, string> { ["HISTORY"] = "0" }, timeout: TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"bmc.sh up {Instance} failed (is OpenIPMI's ipmi_sim installed? apt-get install openipmi socat ipmitool): {output}");
    }

    public async Task DownAsync()
    {
        await LabScripts.RunAsync(WorkDir, "bmc.sh", ["down", Instance.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(1));
    }

    /// <summary>Kills ipmi_sim hard (kill -9), as a crashed BMC.</summary>
    public void KillIpmiSim()
    {
        int pid = int.Parse(File.ReadAllText(Path.Combine(Dir, "ipmi_sim.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var p = System.Diagnostics.Process.GetProcessById(pid);
        p.Kill();
        p.WaitForExit(5000);
    }

    /// <summary>Writes into the BMC's serial port, as the machine's console would.</summary>
    public async Task WriteConsoleAsync(string text)
    {
        await using var tty = new FileStream(TtyVm, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        await tty.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        await tty.FlushAsync();
    }

    // Nothing to start when the BMC's programs are missing: the tests that need it are skipped (PeerFact).
    public Task InitializeAsync() => Peers.Missing([Peers.LabBmc]) is null ? UpAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Peers.Missing([Peers.LabBmc]) is null ? DownAsync() : Task.CompletedTask;
}

public sealed class Bmc20 : LabBmc
{
    public Bmc20() : base(20)
    {
    }
}

public sealed class Bmc21 : LabBmc
{
    public Bmc21() : base(21)
    {
    }
}

public sealed class Bmc22 : LabBmc
{
    public Bmc22() : base(22)
    {
    }
}

public sealed class Bmc23 : LabBmc
{
    public Bmc23() : base(23)
    {
    }
}

public sealed class Bmc24 : LabBmc
{
    public Bmc24() : base(24)
    {
    }
}
