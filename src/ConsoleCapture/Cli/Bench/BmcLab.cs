using System.Diagnostics;
using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The lab's simulated BMCs for <c>solwatch bench bmc</c>, driven through <c>bmc.sh</c> (no VM: the bench writes
/// into each BMC's serial port itself). Started with HISTORY=0 so ipmi_sim applies flow control instead of
/// dropping bytes: a loss then means the SOL client lost them.
/// </summary>
internal sealed class BmcLab(BmcBenchOptions options)
{
    /// <summary>The instance numbers in use.</summary>
    public IReadOnlyList<int> Instances { get; } = [.. Enumerable.Range(options.FirstInstance, options.Bmcs)];

    /// <summary>The RMCP+ UDP port of instance <paramref name="n"/>.</summary>
    public static int PortOf(int n) => 9623 + n;

    /// <summary>The serial port (pty) of instance <paramref name="n"/>: bytes written there come out through SOL.</summary>
    public string TtyVmOf(int n) => Path.Combine(options.LabWork, $"bmc-{n.ToString(CultureInfo.InvariantCulture)}", "ttyVM");

    /// <summary>Starts every instance (a few at a time: each start is mostly waiting for ipmi_sim).</summary>
    public async Task UpAsync(CancellationToken cancellationToken)
    {
        string script = Path.Combine(options.LabDirectory, "bmc.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script}: not found; pass --lab DIR (the lab's scripts, ../shared/lab beside the repository)");
        }
        await Parallel.ForEachAsync(Instances, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (n, ct) => await BmcShAsync("up", n, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Stops every instance; never throws (called on failure too).</summary>
    public async Task DownAsync()
    {
        foreach (int n in Instances)
        {
            try
            {
                await BmcShAsync("down", n, CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"solwatch bench bmc: bmc.sh down {n}: {e.Message}");
            }
        }
    }

    /// <summary><c>ipmitool sol deactivate</c> on every BMC, so the next phase finds SOL free (errors ignored: it may be free).</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(Instances, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (n, ct) => await RunAsync("ipmitool", [.. IpmitoolArgs(n), "sol", "deactivate"], check: false, ct).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>ipmitool's arguments for instance <paramref name="n"/> (the lab's user, cipher suite 3).</summary>
    public static string[] IpmitoolArgs(int n) =>
        ["-I", "lanplus", "-H", "127.0.0.1", "-p", PortOf(n).ToString(CultureInfo.InvariantCulture), "-U", "admin", "-P", "labpass", "-C", "3"];

    private Task BmcShAsync(string verb, int n, CancellationToken cancellationToken) =>
        RunAsync("bash", [Path.Combine(options.LabDirectory, "bmc.sh"), verb, n.ToString(CultureInfo.InvariantCulture)], check: true, cancellationToken);

    private async Task RunAsync(string file, string[] args, bool check, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["LAB_WORK"] = options.LabWork;
        psi.Environment["HISTORY"] = "0";
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        p.StandardInput.Close();
        Task<string> output = p.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string message = (await errors.ConfigureAwait(false)).Trim() + " " + (await output.ConfigureAwait(false)).Trim();
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} exited with {p.ExitCode}: {message.Trim()}");
        }
    }
}
