namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// A test class with a real daemon of its own (see <see cref="WebDaemon"/>): started in a new temporary directory before
/// its tests, stopped and the directory removed after them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class WebDaemonTestClass(string directoryPrefix) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory(directoryPrefix).FullName;

    internal WebDaemon Daemon { get; private set; } = null!;

    public async Task InitializeAsync() => Daemon = await WebDaemon.StartAsync(_dir);

    public async Task DisposeAsync()
    {
        await Daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
