namespace SolWatch.TestSupport;

/// <summary>
/// The real programs integration tests start (ipmi_sim, sshd, socat, qemu…) and the Debian packages that install
/// them. A test whose peer is missing is skipped with the install hint (<see cref="PeerFactAttribute"/>), so a new
/// user's first <c>dotnet test</c> is not red for a program they never installed; <c>.ci/run</c> installs them all.
/// </summary>
public static class Peers
{
    /// <summary>The lab's simulated BMC (../shared/lab/bmc.sh): ipmi_sim, socat and ipmitool, and the lab itself.</summary>
    public const string LabBmc = "lab BMC";

    /// <summary>The lab's VM (setup.sh, boot.sh): QEMU, a Debian kernel with its headers, and the initramfs tools.</summary>
    public const string LabVm = "lab VM";

    /// <summary>The shared crash corpus, ../shared/corpus/syzkaller (SOLWATCH_SHARED elsewhere): data, not a program.</summary>
    public const string SharedCorpus = "shared corpus";

    /// <summary>Root: e.g. sshd logging a test user in (made with useradd) needs it.</summary>
    public const string Root = "root";

    /// <summary>What .ci/run says the integration tests need.</summary>
    public const string CiHint = "or run .ci/run which installs them";

    // Program (on PATH, /usr/sbin or /sbin, or an absolute path) -> the Debian package that installs it.
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["qemu-system-x86_64"] = "qemu-system-x86",
        ["ipmi_sim"] = "openipmi",
        ["ipmitool"] = "ipmitool",
        ["socat"] = "socat",
        ["ser2net"] = "ser2net",
        ["sshd"] = "openssh-server",
        ["/usr/sbin/sshd"] = "openssh-server",
        ["ssh-keygen"] = "openssh-client",
        ["/usr/bin/ssh-keygen"] = "openssh-client",
        ["python3"] = "python3",
        ["/usr/bin/python3"] = "python3",
        ["busybox"] = "busybox-static",
        ["cpio"] = "cpio",
        ["gcc"] = "gcc",
        ["make"] = "make",
        ["kexec"] = "kexec-tools",
        ["makedumpfile"] = "makedumpfile",
        // The lab's kdump dump disk: made with mkfs.ext4, the saved vmcore read back with debugfs (kdump-demo.sh).
        ["mkfs.ext4"] = "e2fsprogs",
        ["debugfs"] = "e2fsprogs",
        // Alerts and metrics: a real Alertmanager, Prometheus (and its promtool), and an SMTP server (aiosmtpd's module).
        ["prometheus-alertmanager"] = "prometheus-alertmanager",
        ["prometheus"] = "prometheus",
        ["promtool"] = "prometheus",
        ["/usr/lib/python3/dist-packages/aiosmtpd/__main__.py"] = "python3-aiosmtpd",
        // The dashboard's browser tests: Debian's chromium, driven by Playwright.
        ["/usr/bin/chromium"] = "chromium",
    };

    private static readonly string[] LabBmcPrograms = ["ipmi_sim", "socat", "ipmitool"];

    private static readonly string[] LabVmPrograms = ["qemu-system-x86_64", "busybox", "cpio", "gcc", "make", "kexec", "makedumpfile"];

    /// <summary>
    /// Why a test needing <paramref name="peers"/> (programs, <see cref="LabBmc"/> or <see cref="LabVm"/>) cannot run
    /// here, with what to install; null when everything is present. <paramref name="searchPath"/> replaces $PATH.
    /// </summary>
    public static string? Missing(IEnumerable<string> peers, string? searchPath = null, string bootDirectory = "/boot")
    {
        var programs = new List<string>();
        var packages = new List<string>();
        var other = new List<string>();
        foreach (string peer in peers)
        {
            if (peer == Root)
            {
                if (!Environment.IsPrivilegedProcess)
                {
                    other.Add("root (run the tests as root, as .ci/run does)");
                }
            }
            else if (peer == SharedCorpus)
            {
                string corpus = Path.Combine(RepoPaths.Shared, "corpus", "syzkaller");
                if (!Directory.Exists(corpus))
                {
                    other.Add($"the corpus {corpus} (clone ../shared beside the repository, or set SOLWATCH_SHARED)");
                }
            }
            else if (peer is LabBmc or LabVm)
            {
                if (!Directory.Exists(RepoPaths.Lab))
                {
                    other.Add($"the lab {RepoPaths.Lab} (clone ../shared beside the repository, or set SOLWATCH_SHARED)");
                }
                foreach (string p in peer == LabBmc ? LabBmcPrograms : LabVmPrograms)
                {
                    AddIfMissing(p);
                }
                if (peer == LabVm && KernelProblem(bootDirectory) is { } kernel)
                {
                    other.Add(kernel.What);
                    packages.Add(kernel.Package);
                }
            }
            else
            {
                AddIfMissing(peer);
            }
        }
        if (programs.Count == 0 && other.Count == 0)
        {
            return null;
        }
        IEnumerable<string> what = programs.Distinct().Concat(other);
        if (packages.Count == 0)
        {
            return $"needs {string.Join(", ", what)}";
        }
        return $"needs {string.Join(", ", what)} (not installed here): apt-get install {string.Join(' ', packages.Distinct())}, {CiHint}";

        void AddIfMissing(string program)
        {
            if (Find(program, searchPath) is null)
            {
                programs.Add(program);
                packages.Add(Packages.GetValueOrDefault(program, program));
            }
        }
    }

    /// <summary>Where <paramref name="program"/> is: itself when it holds a '/', else on the search path, /usr/sbin or /sbin.</summary>
    public static string? Find(string program, string? searchPath = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }
        return (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
    }

    // The lab boots the newest /boot/vmlinuz-* and builds a module against its headers (setup.sh).
    private static (string What, string Package)? KernelProblem(string bootDirectory)
    {
        string? kernel = Directory.Exists(bootDirectory)
            ? Directory.EnumerateFiles(bootDirectory, "vmlinuz-*").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (kernel is null)
        {
            return ("a kernel in /boot", "linux-image-amd64 linux-headers-amd64");
        }
        string release = Path.GetFileName(kernel)["vmlinuz-".Length..];
        return Directory.Exists($"/lib/modules/{release}/build") ? null : ($"the headers of kernel {release}", $"linux-headers-{release}");
    }
}

/// <summary>A fact that is skipped, with the install hint, when a real peer it starts is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PeerFactAttribute : FactAttribute
{
    /// <param name="peers">Programs (ipmi_sim, socat…) or <see cref="Peers.LabBmc"/> / <see cref="Peers.LabVm"/>.</param>
    public PeerFactAttribute(params string[] peers)
    {
        Peers = peers;
        Skip = SolWatch.TestSupport.Peers.Missing(peers);
    }

    /// <summary>What the test needs.</summary>
    public IReadOnlyList<string> Peers { get; }
}

/// <summary>A theory that is skipped, with the install hint, when a real peer it starts is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PeerTheoryAttribute : TheoryAttribute
{
    /// <param name="peers">Programs (ipmi_sim, socat…) or <see cref="Peers.LabBmc"/> / <see cref="Peers.LabVm"/>.</param>
    public PeerTheoryAttribute(params string[] peers)
    {
        Peers = peers;
        Skip = SolWatch.TestSupport.Peers.Missing(peers);
    }

    /// <summary>What the test needs.</summary>
    public IReadOnlyList<string> Peers { get; }
}
