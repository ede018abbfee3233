using System.Diagnostics;
using System.Text;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>Runs the real <c>solwatch</c> executable (built beside the tests) as a child process.</summary>
internal sealed class SolwatchProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private SolwatchProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "solwatch"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach ((string k, string v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static SolwatchProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null) => new(args, env);

    /// <summary>Runs solwatch to completion; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using SolwatchProcess p = Start(args);
        int code = await p.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (code, p.Stdout, p.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"solwatch {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit within {timeout}; stderr: {Stderr}; stdout: {Stdout}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends a signal with kill(1) (SIGTERM for a clean stop, SIGKILL for a crash).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            sb.AppendLine(line);
        }
    }
}
