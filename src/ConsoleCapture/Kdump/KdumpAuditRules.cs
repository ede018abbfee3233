using System.Globalization;
using System.Text.RegularExpressions;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// Turns what the read-only commands printed into readiness checks, as the kdump manuals list them: the kernel's
/// Documentation/admin-guide/kdump/kdump.rst (crashkernel= reserves memory, <c>kexec -p</c> loads the capture kernel,
/// /sys/kernel/kexec_crash_loaded says it is loaded, kexec_crash_size how much is reserved), the RHEL kdump guide and
/// kexec-tools' kdump.conf (core_collector, dump path /var/crash), Debian's kdump-tools (KDUMP_COREDIR, MAKEDUMP_ARGS)
/// and the kernel's sysctl documentation (kernel.panic, kernel.panic_on_oops). Pure: text in, checks out.
/// </summary>
public static partial class KdumpAuditRules
{
    /// <summary>/sys/kernel/kexec_crash_loaded: 1 when a capture kernel is loaded.</summary>
    public static KdumpCheck CrashLoaded(string output) => output.Trim() switch
    {
        "1" => new("kexec_crash_loaded", KdumpCheckStatus.Ok, "a capture kernel is loaded (kexec -p)"),
        "0" => new("kexec_crash_loaded", KdumpCheckStatus.Fail,
            "no capture kernel is loaded: a crash would not be dumped; start the kdump service (kdumpctl start / kdump-config load) and see its log"),
        string other => new("kexec_crash_loaded", KdumpCheckStatus.Fail,
            $"cannot read /sys/kernel/kexec_crash_loaded (\"{Short(other)}\"): a kernel without kexec support (CONFIG_KEXEC_CORE) or a container cannot dump"),
    };

    /// <summary>crashkernel= on the command line and the bytes actually reserved (/sys/kernel/kexec_crash_size).</summary>
    public static KdumpCheck CrashKernel(string cmdline, string crashSize)
    {
        string? option = CrashKernelOption().Match(cmdline) is { Success: true } m ? m.Value : null;
        bool sized = long.TryParse(crashSize.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes);
        if (!sized)
        {
            return new("crashkernel", KdumpCheckStatus.Fail, $"kexec_crash_size is unreadable (\"{Short(crashSize)}\")");
        }
        if (bytes > 0)
        {
            return new("crashkernel", KdumpCheckStatus.Ok, $"{CrashKernelSize.Format(bytes)} reserved{(option is null ? "" : $" ({option})")}");
        }
        return option is null
            ? new("crashkernel", KdumpCheckStatus.Fail, "no crashkernel= on the kernel command line and no memory reserved: add crashkernel= to the boot loader's kernel options and reboot")
            : new("crashkernel", KdumpCheckStatus.Fail, $"{option} is on the command line but nothing is reserved (too large for this machine, or a range that does not cover its RAM): see `dmesg | grep -i crashkernel`");
    }

    /// <summary>kernel.panic (seconds before a reboot after a panic; 0 waits for ever) and kernel.panic_on_oops.</summary>
    public static IEnumerable<KdumpCheck> PanicSettings(string output)
    {
        string[] values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length < 2
            || !int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int panic)
            || !int.TryParse(values[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int onOops))
        {
            yield return new("kernel.panic", KdumpCheckStatus.Fail, $"/proc/sys/kernel/panic and panic_on_oops are unreadable (\"{Short(output)}\")");
            yield break;
        }
        // With kdump loaded a panic jumps to the capture kernel before the timeout; the timeout matters when it cannot.
        yield return panic == 0
            ? new("kernel.panic", KdumpCheckStatus.Warn, "0: if the capture kernel does not take over, the host stays hung at the panic; set kernel.panic (e.g. 10) to reboot")
            : new("kernel.panic", KdumpCheckStatus.Ok, panic > 0 ? $"{panic}: reboots {panic} s after a panic that kdump does not take" : $"{panic}: reboots at once after a panic that kdump does not take");
        // Only a panic starts the capture kernel: an oops that does not panic leaves no dump.
        yield return onOops != 0
            ? new("kernel.panic_on_oops", KdumpCheckStatus.Ok, $"{onOops}: an oops panics, so it is dumped")
            : new("kernel.panic_on_oops", KdumpCheckStatus.Warn, "0: an oops does not panic, so no dump is taken of it; set kernel.panic_on_oops=1");
    }

    /// <summary>
    /// The dump directory: it must exist (kdumpctl refuses a missing path), and a vmcore holds the host's whole memory
    /// (keys, passwords), so it must be owner-only (0700) and owned by root, as the manuals set /var/crash up.
    /// </summary>
    public static KdumpCheck DumpDirectory(string dumpDir, KdumpHostConnection.Result stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        string[] fields = stat.Output.Trim().Split(' ', 4);
        if (!stat.Succeeded || fields.Length < 4)
        {
            return new("dump directory", KdumpCheckStatus.Fail, $"{dumpDir}: {(stat.Complaint.Length == 0 ? "cannot stat" : stat.Complaint)}; kdump cannot save there");
        }
        if (fields[3] != "directory")
        {
            return new("dump directory", KdumpCheckStatus.Fail, $"{dumpDir} is a {fields[3]}, not a directory");
        }
        string mode = fields[0].PadLeft(3, '0');
        string owner = $"{fields[1]} (uid {fields[2]})";
        if (mode != "700")
        {
            return new("dump directory", KdumpCheckStatus.Warn, $"{dumpDir} has mode 0{mode}, owner {owner}: vmcores hold the whole memory; chmod 0700 {dumpDir}");
        }
        return fields[2] == "0"
            ? new("dump directory", KdumpCheckStatus.Ok, $"{dumpDir}: mode 0700, owner {owner}")
            : new("dump directory", KdumpCheckStatus.Warn, $"{dumpDir}: mode 0700 but owner {owner}, not root: kdump writes as root, and this user can read every vmcore");
    }

    /// <summary>MemTotal of /proc/meminfo in bytes, or null.</summary>
    public static long? MemTotal(string meminfo)
    {
        Match m = MemTotalLine().Match(meminfo);
        return m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
    }

    /// <summary>Available bytes from <c>df -P -B1</c> (the fourth field of its second line), or null.</summary>
    public static long? Available(string df)
    {
        string[] lines = df.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2)
        {
            return null;
        }
        // The file system name (first field) may hold spaces; the numbers are the last five fields.
        string[] fields = lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 6 && long.TryParse(fields[^3], NumberStyles.None, CultureInfo.InvariantCulture, out long free) ? free : null;
    }

    private static string Short(string text) => text.Trim().Length > 120 ? text.Trim()[..120] + "…" : text.Trim();

    [GeneratedRegex(@"(?<=^|\s)crashkernel=\S+")]
    private static partial Regex CrashKernelOption();

    [GeneratedRegex(@"^MemTotal:\s+(\d+)\s*kB", RegexOptions.Multiline)]
    private static partial Regex MemTotalLine();
}
