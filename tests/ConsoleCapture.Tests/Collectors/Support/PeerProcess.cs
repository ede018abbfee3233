using System.Diagnostics;
using System.Text;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Support;

/// <summary>A real peer program (socat, ser2net, qemu) started by a test and killed (its whole tree) when disposed.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/>; fails with a clear message when it is not installed.</summary>
    public static PeerProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        string? path = FindOnPath(program);
        Assert.True(path is not null,
            $"'{program}' is not installed but this integration test needs it as a real peer: apt-get install the package (see .ci/run need=)");
        var psi = new ProcessStartInfo(path!)
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
        if (env is not null)
        {
            foreach ((string k, string v) in env)
            {
                psi.Environment[k] = v;
            }
        }
        return new PeerProcess(Process.Start(psi)!);
    }

    public static string? FindOnPath(string program) =>
        program.Contains('/', StringComparison.Ordinal)
            ? (File.Exists(program) ? program : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
                .Split(':')
                .Append("/usr/sbin").Append("/sbin")
                .Select(d => Path.Combine(d, program))
                .FirstOrDefault(File.Exists);

    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
