namespace SolWatch.ConsoleCapture.Tests.Collectors.Support;

/// <summary>A socat pty pair: <see cref="Near"/> is the test's end, <see cref="Far"/> the "serial port" a peer opens.</summary>
internal sealed class PtyPair : IAsyncDisposable
{
    private readonly PeerProcess _socat;

    private PtyPair(PeerProcess socat, string near, string far)
    {
        _socat = socat;
        Near = near;
        Far = far;
    }

    /// <summary>Link to the pty the test writes to and reads from.</summary>
    public string Near { get; }

    /// <summary>Link to the other pty.</summary>
    public string Far { get; }

    /// <summary>The /dev/pts/N that <see cref="Far"/> links to (ser2net wants the device itself).</summary>
    public string FarDevice => File.ResolveLinkTarget(Far, returnFinalTarget: true)!.FullName;

    public static async Task<PtyPair> StartAsync(string dir, string name)
    {
        string near = Path.Combine(dir, name + "-near"), far = Path.Combine(dir, name + "-far");
        File.Delete(near);
        File.Delete(far);
        PeerProcess socat = PeerProcess.Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={near}", $"pty,raw,echo=0,link={far}"]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(File.Exists(near) && File.Exists(far) && socat.Output.Contains("starting data transfer loop", StringComparison.Ordinal)))
        {
            Assert.False(socat.HasExited, $"socat exited: {socat.Output}");
            await Task.Delay(20, cts.Token);
        }
        return new PtyPair(socat, near, far);
    }

    /// <summary>Writes at the near end (arrives at the far end).</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await using var stream = new FileStream(Near, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        await stream.WriteAsync(bytes);
    }

    /// <summary>Opens the near end for reading what the far end's user sends.</summary>
    public FileStream OpenNear() => new(Near, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.Asynchronous);

    public ValueTask DisposeAsync() => _socat.DisposeAsync();
}
