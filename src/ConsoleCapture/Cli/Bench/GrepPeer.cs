using System.Diagnostics;
using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The peer of <c>solwatch bench scan</c>: <c>grep -c -F</c> of the crash header markers, the cheapest tool that reads
/// the same bytes looking for the same words. Timed on the same file in the same run, it turns the scan's figures into
/// ratios that hold on a shared, loaded machine.
/// </summary>
internal static class GrepPeer
{
    private static readonly string[] Markers =
        ["BUG:", "WARNING:", "INFO:", "Kernel panic", "general protection fault", "Unable to handle kernel", "kernel BUG", "invalid opcode:", "Internal error:"];

    /// <summary>The command line, for the report.</summary>
    public static string CommandLine => "grep -c -F " + string.Join(' ', Markers.Select(m => $"-e '{m}'"));

    /// <summary>Runs grep over <paramref name="file"/> once: its wall time, its CPU time (user + system) and the count
    /// it printed (-1 when it printed none).</summary>
    public static (double WallSeconds, double CpuSeconds, long Count) Run(string file)
    {
        var psi = new ProcessStartInfo("grep") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("-F");
        foreach (string m in Markers)
        {
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add(m);
        }
        psi.ArgumentList.Add(file);
        TimeSpan cpu = ChildCpu.Total();
        var clock = Stopwatch.StartNew();
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("grep did not start");
        string count = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        return (wall, (ChildCpu.Total() - cpu).TotalSeconds, long.TryParse(count.Trim(), CultureInfo.InvariantCulture, out long c) ? c : -1);
    }
}
