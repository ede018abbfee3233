using System.Globalization;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// Every command SolWatch runs on a kdump host: all read-only (cat, stat, df, find, head), paths single-quoted for
/// the remote shell, outputs bounded by the commands themselves.
/// </summary>
public static class RemoteCommands
{
    /// <summary>The most bytes an audit command may print (they print a few lines).</summary>
    public const int SmallOutput = 64 << 10;

    /// <summary>The most bytes of a dmesg file fetched (a kernel log buffer is at most a few MiB).</summary>
    public const int MaxDmesgBytes = 4 << 20;

    /// <summary>1 when a capture kernel is loaded (kexec -p), else 0: kernel Documentation/admin-guide/kdump.</summary>
    public const string CrashLoaded = "cat /sys/kernel/kexec_crash_loaded";

    /// <summary>The bytes reserved by crashkernel= (0 when none).</summary>
    public const string CrashSize = "cat /sys/kernel/kexec_crash_size";

    /// <summary>The running kernel's command line (crashkernel=).</summary>
    public const string CommandLine = "cat /proc/cmdline";

    /// <summary>kernel.panic and kernel.panic_on_oops, as sysctl reads them (one value per line).</summary>
    public const string PanicSettings = "cat /proc/sys/kernel/panic /proc/sys/kernel/panic_on_oops";

    /// <summary>The host's memory (MemTotal in kB).</summary>
    public const string MemInfo = "head -c 65536 /proc/meminfo";

    /// <summary>
    /// The dump configuration of either tool, whichever exists: kexec-tools' /etc/kdump.conf (core_collector) and
    /// Debian kdump-tools' /etc/default/kdump-tools (MAKEDUMP_ARGS), each under a header line naming it.
    /// </summary>
    public const string DumpConfig =
        "for f in /etc/kdump.conf /etc/default/kdump-tools; do if [ -r \"$f\" ]; then echo \"==> $f\"; head -c 32768 \"$f\"; echo; fi; done";

    /// <summary>Mode (octal), owner name, owner uid and type of <paramref name="path"/>.</summary>
    public static string Stat(string path) => $"stat -L -c '%a %U %u %F' -- {Quote(path)}";

    /// <summary>POSIX df of <paramref name="path"/> in bytes: the fourth field of the second line is what is available.</summary>
    public static string FreeSpace(string path) => $"df -P -B1 -- {Quote(path)}";

    /// <summary>
    /// The dmesg files kdump saved one level under <paramref name="dumpDir"/> with their modification times
    /// (seconds since the epoch): kexec-tools' <c>&lt;dir&gt;/vmcore-dmesg.txt</c> and kdump-tools'
    /// <c>&lt;stamp&gt;/dmesg.&lt;stamp&gt;</c>. At most 1000 lines. GNU find prints the times itself (-printf); a
    /// busybox host (embedded, some appliance images) has no -printf, so there find hands the files to stat.
    /// </summary>
    public static string ListDmesgFiles(string dumpDir)
    {
        string find = $"find {Quote(dumpDir)}/ -mindepth 2 -maxdepth 2 -type f \\( -name vmcore-dmesg.txt -o -name 'dmesg.[0-9]*' \\)";
        return $"{{ {find} -printf '%T@ %p\\n' 2>/dev/null || {find} -exec stat -c '%Y %n' {{}} \\; ; }} | head -n 1000";
    }

    /// <summary>The first <see cref="MaxDmesgBytes"/> + 1 bytes of <paramref name="path"/> (one more tells it was longer).</summary>
    public static string ReadDmesg(string path) =>
        $"head -c {(MaxDmesgBytes + 1).ToString(CultureInfo.InvariantCulture)} -- {Quote(path)}";

    /// <summary>Single-quotes <paramref name="text"/> for a POSIX shell (a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
