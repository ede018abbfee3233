using System.Diagnostics;
using System.Text;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>Reads what arrives at a pty (the machine's side of the BMC's serial port) through `cat`, so no thread blocks on it.</summary>
public sealed class PtyReader : IDisposable
{
    private readonly Process cat;
    private readonly StringBuilder text = new();
    private readonly Lock gate = new();
    private readonly Task pump;

    public PtyReader(string path)
    {
        var psi = new ProcessStartInfo("cat") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        cat = Process.Start(psi)!;
        pump = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await cat.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (gate)
                {
                    text.Append(buffer, 0, n);
                }
            }
        });
    }

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    public async Task WaitForAsync(string expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Text.Contains(expected, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until, $"'{expected}' did not reach the serial port within {timeout}; got: {Text}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            cat.Kill();
            cat.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }
        cat.Dispose();
        _ = pump;
    }
}
