using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The <c>solwatch run</c> child process, its output kept for counting log lines.</summary>
internal sealed class DaemonUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    public DaemonUnderTest(string binary, string config, int? heapLimitMb)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(config);
        if (heapLimitMb is { } mb)
        {
            psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)mb << 20).ToString("X", CultureInfo.InvariantCulture);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start solwatch run");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }
}
