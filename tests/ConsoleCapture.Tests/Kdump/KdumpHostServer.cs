using System.Diagnostics;
using SolWatch.ConsoleCapture.Kdump;
using SolWatch.ConsoleCapture.Tests.Ssh;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

/// <summary>
/// A kdump host for the tests: a real sshd (no ForceCommand, so commands run in the test user's shell) and a dump
/// directory the test user owns, laid out as the tools write it: kexec-tools' <c>&lt;ip&gt;-&lt;date&gt;/vmcore-dmesg.txt</c>
/// (the directory the lab's capture kernel named, and an older one) and Debian kdump-tools'
/// <c>&lt;stamp&gt;/dmesg.&lt;stamp&gt;</c>. The /sys and /proc the audit reads are this machine's own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpHostServer : IDisposable
{
    /// <summary>The directory the lab's capture kernel saved to (tests/Parsers.Tests/Fixtures/kdump/lab-x86_64-6.1-sysrq-ok-saved.log).</summary>
    public const string LabDumpName = "127.0.0.1-2026-12-04-15:31:43";

    public KdumpHostServer()
    {
        Server = new SshdServer(shellHost: true);
        DumpDir = Path.Combine(Server.Dir, "crash");
        string[] lab = File.ReadAllLines(RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", "lab-x86_64-6.1-sysrq-ok-saved.log"));
        // The first kernel's log through its panic: what vmcore-dmesg extracts from that vmcore.
        int panic = Array.FindIndex(lab, l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        LabDmesg = string.Join('\n', lab[..(panic + 1)].Where(l => l.StartsWith('['))) + "\n";
        Write(Path.Combine(DumpDir, LabDumpName, "vmcore-dmesg.txt"), LabDmesg, DateTime.UtcNow.AddMinutes(-1));
        Write(Path.Combine(DumpDir, "127.0.0.1-2025-01-01-00:00:00", "vmcore-dmesg.txt"), "[    0.000000] an old crash\n", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Write(Path.Combine(DumpDir, "202612050410", "dmesg.202612050410"), "[    0.000000] a kdump-tools dump\n", DateTime.UtcNow);
        Chmod(DumpDir, "700");
        Run("/bin/chown", "-R", SshdServer.TestUser, DumpDir);
        KeyFile = Path.Combine(Server.Dir, "client_key");
        PassphraseFile = Path.Combine(Server.Dir, "client_key.pass");
        File.WriteAllText(PassphraseFile, SshdServer.ClientKeyPassphrase + "\n");
        File.SetUnixFileMode(PassphraseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public SshdServer Server { get; }

    /// <summary>The dump directory (mode 0700, owned by the test user).</summary>
    public string DumpDir { get; }

    /// <summary>The text of the lab dump's vmcore-dmesg.txt.</summary>
    public string LabDmesg { get; }

    /// <summary>The client's private key (mode 0600) and its passphrase file.</summary>
    public string KeyFile { get; }

    public string PassphraseFile { get; }

    /// <summary>Options for logging in with the client key and the pinned host key.</summary>
    public KdumpHostOptions Options => new()
    {
        Host = "127.0.0.1",
        Port = Server.Port,
        User = SshdServer.TestUser,
        HostKeySha256 = Server.HostKeyFingerprint,
        PrivateKey = Server.ClientKey,
        PrivateKeyPassphrase = SshdServer.ClientKeyPassphrase,
        DumpDir = DumpDir,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        CommandTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The kdumpHost block of a configuration, indented for a console of the list.</summary>
    public string ConfigBlock(string indent = "    ") => string.Join('\n', new[]
    {
        "kdumpHost:",
        "  host: 127.0.0.1",
        $"  port: {Server.Port}",
        $"  user: {SshdServer.TestUser}",
        $"  keyFile: {KeyFile}",
        $"  keyPassphraseFile: {PassphraseFile}",
        $"  hostKey: {Server.HostKeyFingerprint}",
        $"  dumpDir: {DumpDir}",
        "  connectTimeout: 30s",
    }.Select(l => indent + l));

    public void Dispose() => Server.Dispose();

    private static void Write(string path, string text, DateTime mtime)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, mtime);
    }

    private static void Chmod(string path, string mode) => Run("/bin/chmod", mode, path);

    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(file, args) ?? throw new InvalidOperationException($"{file} did not start");
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode})");
        }
    }
}
