using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// A real <c>solwatch run</c> serving the dashboard (<see cref="WebDaemon"/>) whose console <c>labvm</c> is the lab VM's
/// ttyS0: qemu listens on a TCP port (as a console server does) and the daemon's tcp collector connects to it. The VM
/// boots the Debian kernel with <c>crash=none</c>, so it ends at a busybox shell on the console: what an operator types
/// reaches that shell (and comes back as its output), and typing <c>echo c &gt; /proc/sysrq-trigger</c> panics it.
/// One VM serves every test of the class; a test that panicked it leaves it dead, and <see cref="ShellAsync"/> boots it
/// again for the next.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LabVmConsole : IAsyncLifetime
{
    public const string Console = "labvm";

    /// <summary>What the lab's /init prints right before its console shell.</summary>
    public const string ShellFollows = "console shell follows";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-weblab-").FullName;
    private readonly string _labWork = LabScripts.WorkDir("collectors"); // the collectors' lab tests build the same files
    private int _port;
    private PeerProcess? _vm;
    private int _boots;
    private WebDaemon? _daemon;

    internal WebDaemon Daemon => _daemon ?? throw new InvalidOperationException("the lab VM console did not start (see the fixture's failure)");

    /// <summary>Whether the lab VM and chromium are here; when not, the tests are skipped (PeerFact) and nothing starts.</summary>
    public static bool Runnable => Peers.Missing([Peers.LabVm, Chromium.Executable]) is null;

    public async Task InitializeAsync()
    {
        if (!Runnable)
        {
            return;
        }
        (int exit, string output) = await LabScripts.RunAsync(_labWork, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, $"lab setup.sh failed ({exit}):\n{output}");
        _port = FreePorts.Tcp();
        _daemon = await WebDaemon.StartAsync(_dir, $"""
              - name: {Console}
                host: labvm
                type: tcp
                address: 127.0.0.1
                port: {_port}
            """);
        await ShellAsync();
    }

    /// <summary>
    /// The VM at its shell prompt, the daemon connected to its console: boots it when it is not running (the first time,
    /// or after a test panicked it) and waits for the lab's "console shell follows" of that boot in the transcript.
    /// </summary>
    public async Task ShellAsync()
    {
        if (_vm is { HasExited: false })
        {
            return;
        }
        if (_vm is not null)
        {
            await _vm.DisposeAsync();
        }
        _vm = PeerProcess.Start("bash", [Path.Combine(RepoPaths.Lab, "boot.sh")], new Dictionary<string, string>
        {
            ["LAB_WORK"] = _labWork,
            // wait=on: the guest starts once the daemon's collector has connected, so no boot line is lost.
            ["SERIAL"] = $"tcp:127.0.0.1:{_port},server=on,wait=on",
            ["CRASH"] = "none",
            ["DELAY"] = "0",
            // A panic ends qemu at once (-no-reboot): the next test boots a new VM.
            ["PANIC"] = "-1",
            ["NOREBOOT"] = "1",
            ["APPEND_EXTRA"] = LabKernel.Arguments,
        });
        _boots++;
        DateTime deadline = DateTime.UtcNow + Patience;
        while (Occurrences(await TranscriptAsync(), ShellFollows) < _boots)
        {
            Assert.False(_vm.HasExited, $"the lab VM ended before its shell: {_vm.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the lab VM's shell did not show on {Console} in {Patience}: {_vm.Output}\n{Daemon.Stdout}");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits for the VM's qemu to end (after a panic, with panic=-1 and -no-reboot).</summary>
    public async Task WaitForVmEndAsync()
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (_vm is { HasExited: false } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.True(_vm is null || _vm.HasExited, "the lab VM did not end at its panic");
    }

    /// <summary>The console's transcript as the API exports it (JSON lines).</summary>
    public Task<string> TranscriptAsync() => Daemon.Api.GetStringAsync($"/api/consoles/{Console}/transcript");

    public static int Occurrences(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }

    public async Task DisposeAsync()
    {
        if (_vm is not null)
        {
            await _vm.DisposeAsync();
        }
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
