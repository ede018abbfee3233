using System.Diagnostics;

namespace SolWatch.TestSupport;

/// <summary>
/// Runs the shared lab's scripts (../shared/lab) for integration tests. Every test project passes its own
/// LAB_WORK (so parallel runs do not share logs) and its own BMC instance numbers (ports are global).
/// </summary>
public static class LabScripts
{
    /// <summary>LAB_WORK for one test project: SOLWATCH_LAB_WORK, else /tmp/solwatch-lab-NAME.</summary>
    public static string WorkDir(string name) =>
        Environment.GetEnvironmentVariable("SOLWATCH_LAB_WORK") is { Length: > 0 } w ? Path.Combine(w, name) : $"/tmp/solwatch-lab-{name}";

    /// <summary>Runs <c>bash LAB/script args</c> with LAB_WORK and extra environment; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string workDir, string script, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Lab, script));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["LAB_WORK"] = workDir;
        psi.Environment["APPEND_EXTRA"] = LabKernel.Arguments;
        if (env is not null)
        {
            foreach ((string k, string v) in env)
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
        p.StandardInput.Close();
        Task<string> so = p.StandardOutput.ReadToEndAsync();
        Task<string> se = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"lab script {script} {string.Join(' ', args)} timed out");
        }
        return (p.ExitCode, await so.ConfigureAwait(false) + await se.ConfigureAwait(false));
    }
}
