using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 (port in 46000-46999) whose ForceCommand is fake-bmc.py: a BMC CLI that attaches
/// a console streaming a real panic log. Own host key, own config and authorized_keys in a temp dir; logins as a
/// dedicated system user (created idempotently, password set per test process) by password or passphrase-protected key.
/// </summary>
public sealed class SshdServer : IDisposable
{
    public const string TestUser = "solwatch-sshtest";
    public const string ClientKeyPassphrase = "correct horse battery staple";
    private static readonly Lazy<string> PasswordLazy = new(EnsureTestUser, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly StringBuilder _log = new();
    private readonly bool _shellHost;
    private Process? _sshd;

    public SshdServer() : this(shellHost: false)
    {
    }

    /// <summary>
    /// With <paramref name="shellHost"/>, no ForceCommand: a login runs the commands it is given in the test user's
    /// /bin/sh, as on a real host (the kdump host tests).
    /// </summary>
    internal SshdServer(bool shellHost)
    {
        _shellHost = shellHost;
        Require("/usr/sbin/sshd", "openssh-server");
        Require("/usr/bin/ssh-keygen", "openssh-client");
        Require("/usr/bin/python3", "python3");
        Dir = Directory.CreateTempSubdirectory("solwatch-sshd-").FullName;
        // The test user reads authorized_keys, the script and the log; sshd itself runs as root.
        Chmod(Dir, (UnixFileMode)0b111_101_101);
        Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "solwatch-test-host", "-f", HostKeyPath);
        Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", ClientKeyPassphrase, "-C", "solwatch-test-client", "-f", Path.Combine(Dir, "client_key"));
        File.Copy(Path.Combine(Dir, "client_key.pub"), Path.Combine(Dir, "authorized_keys"));
        File.Copy(RepoPaths.Tests("ConsoleCapture.Tests", "Ssh", "fake-bmc.py"), Path.Combine(Dir, "fake-bmc.py"));
        File.Copy(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log"), Path.Combine(Dir, "panic.log"));
        foreach (string f in new[] { "authorized_keys", "fake-bmc.py", "panic.log" })
        {
            Chmod(Path.Combine(Dir, f), (UnixFileMode)0b110_100_100);
        }
        // ssh-keygen -l is the independent oracle for what our fingerprint code must compute.
        HostKeyFingerprint = Run("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", HostKeyPath + ".pub").Split(' ')[1];
        Password = PasswordLazy.Value;
        SetScenario("idrac");
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation directory (made by the service on a normal install)
        Start();
    }

    /// <summary>The temp dir holding keys, config, scenario and input.bin.</summary>
    public string Dir { get; }

    public int Port { get; private set; }

    /// <summary>The host key's fingerprint as ssh-keygen prints it (<c>SHA256:...</c>).</summary>
    public string HostKeyFingerprint { get; }

    public string Password { get; }

    public string ClientKey => File.ReadAllText(Path.Combine(Dir, "client_key"));

    public string PanicLogPath => Path.Combine(Dir, "panic.log");

    private string HostKeyPath => Path.Combine(Dir, "host_ed25519");

    /// <summary>sshd's own log (stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>What the fake BMC does for the next login (see fake-bmc.py); clears the recorded input.</summary>
    /// <param name="profile">The BMC CLI to play.</param>
    /// <param name="paceMs">Delay between log lines.</param>
    /// <param name="end"><c>stay</c> (console stays open after the log) or <c>close</c>.</param>
    /// <param name="console">A log file to stream (default: the demo panic), or <c>tcp:PORT</c> to relay QEMU's serial port.</param>
    public void SetScenario(string profile, int paceMs = 0, string end = "stay", string? console = null)
    {
        File.WriteAllText(Path.Combine(Dir, "scenario"), $"{profile} {console ?? PanicLogPath} {paceMs} {end}\n");
        // Truncated, and writable by the test user the fake BMC runs as.
        File.WriteAllBytes(Path.Combine(Dir, "input.bin"), []);
        Chmod(Path.Combine(Dir, "input.bin"), (UnixFileMode)0b110_110_110);
    }

    /// <summary>What was typed into the fake console so far.</summary>
    public byte[] InputReceived() =>
        File.Exists(Path.Combine(Dir, "input.bin")) ? File.ReadAllBytes(Path.Combine(Dir, "input.bin")) : [];

    /// <summary>PIDs of the per-connection sshd processes (children of the listener).</summary>
    public int[] SessionPids()
    {
        if (_sshd is null)
        {
            return [];
        }
        string children = $"/proc/{_sshd.Id}/task/{_sshd.Id}/children";
        return File.Exists(children)
            ? [.. File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)]
            : [];
    }

    /// <summary>Kills every session (sshd child and the fake BMC under it) with SIGKILL; the listener stays up.</summary>
    public void KillSessions()
    {
        foreach (int pid in SessionPids())
        {
            KillTree(pid);
        }
    }

    /// <summary>Sends a signal (STOP, CONT, KILL) to every session process tree.</summary>
    public void SignalSessions(string signal)
    {
        foreach (int pid in SessionPids())
        {
            var tree = new List<int> { pid };
            for (int i = 0; i < tree.Count; i++)
            {
                string children = $"/proc/{tree[i]}/task/{tree[i]}/children";
                if (File.Exists(children))
                {
                    tree.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                }
            }
            foreach (int p in tree)
            {
                // A process of the tree may end between the listing and its signal (its parent was killed first, or the
                // client closed the session): only a process that is still there and refused the signal is a failure.
                var (code, output) = Exec("/bin/kill", "-" + signal, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (code != 0 && Directory.Exists($"/proc/{p}"))
                {
                    throw new InvalidOperationException($"/bin/kill -{signal} {p} failed ({code}): {output}");
                }
            }
        }
    }

    /// <summary>Kills the listener and all its sessions (the BMC's SSH service dies).</summary>
    public void Stop()
    {
        if (_sshd is { } p)
        {
            KillTree(p.Id);
            p.WaitForExit(10_000);
            p.Dispose();
            _sshd = null;
        }
    }

    /// <summary>Starts sshd again (same port when restarting).</summary>
    public void Start()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int port = Port != 0 && attempt < 10 ? Port : 46000 + RandomNumberGenerator.GetInt32(1000);
            File.WriteAllText(Path.Combine(Dir, "sshd_config"), Config(port));
            var psi = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[] { "-D", "-e", "-f", Path.Combine(Dir, "sshd_config") })
            {
                psi.ArgumentList.Add(a);
            }
            var p = Process.Start(psi) ?? throw new InvalidOperationException("sshd did not start");
            p.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            p.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            var until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until && !p.HasExited)
            {
                if (Listening(port))
                {
                    _sshd = p;
                    Port = port;
                    return;
                }
                Thread.Sleep(50);
            }
            if (!p.HasExited)
            {
                p.Kill();
            }
            p.WaitForExit(5_000);
            p.Dispose();
            Thread.Sleep(attempt < 10 && Port != 0 ? 500 : 0); // a restart on the same port may wait for the old socket
        }
        throw new InvalidOperationException($"sshd did not start on a port in 46000-46999; its log:\n{Log}");
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A dying session may still hold a file; the temp dir is then left behind.
        }
    }

    private string Config(int port) => $"""
        Port {port}
        ListenAddress 127.0.0.1
        HostKey {HostKeyPath}
        PidFile none
        UsePAM no
        PermitRootLogin no
        AllowUsers {TestUser}
        PasswordAuthentication yes
        KbdInteractiveAuthentication no
        PubkeyAuthentication yes
        AuthorizedKeysFile {Path.Combine(Dir, "authorized_keys")}
        StrictModes no
        PrintMotd no
        PrintLastLog no
        MaxStartups 50
        LogLevel VERBOSE
        {(_shellHost ? "" : $"ForceCommand /usr/bin/python3 {Path.Combine(Dir, "fake-bmc.py")} {Path.Combine(Dir, "scenario")}")}
        """;

    private static bool Listening(int port)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void KillTree(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Creates the test user once (idempotent, no home) and gives it a fresh random password for this process.</summary>
    private static string EnsureTestUser()
    {
        if (Exec("/usr/bin/id", "-u", TestUser).ExitCode != 0)
        {
            var (code, output) = Exec("/usr/sbin/useradd", "--system", "-M", "-d", "/nonexistent", "-s", "/bin/sh", TestUser);
            // Exit 9: created meanwhile by a parallel test process.
            if (code is not 0 and not 9)
            {
                throw new InvalidOperationException($"useradd {TestUser} failed ({code}): {output}; the SSH tests need root.");
            }
        }
        string password = "Sw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var (rc, text) = Exec("/usr/sbin/chpasswd", [], $"{TestUser}:{password}\n");
        return rc == 0 ? password : throw new InvalidOperationException($"chpasswd failed ({rc}): {text}; the SSH tests need root.");
    }

    private static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the SSH tests run sshd and need Linux");
        }
        File.SetUnixFileMode(path, mode);
    }

    private static void Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: install {package} (apt-get install -y {package}); the SSH tests need a real sshd.");
        }
    }

    private static string Run(string file, params string[] args)
    {
        var (code, output) = Exec(file, args);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {output}");
    }

    private static (int ExitCode, string Output) Exec(string file, params string[] args) => Exec(file, args, null);

    private static (int ExitCode, string Output) Exec(string file, string[] args, string? input)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        if (input is not null)
        {
            p.StandardInput.Write(input);
        }
        p.StandardInput.Close();
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
