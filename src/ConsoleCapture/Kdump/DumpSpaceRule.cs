using System.Globalization;
using System.Text.RegularExpressions;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// Whether the dump directory has room for a dump of this host. An unfiltered dump (core_collector cp, or makedumpfile
/// without a dump level) is as large as the RAM it copies plus ELF headers, and the manuals' rule of thumb asks for
/// 1.5× RAM free. makedumpfile with dump level 31 leaves out zero, cache, user and free pages (makedumpfile(8): -d is a
/// bit mask, 31 all of them), so RAM (1×) is an upper bound. That level is the default of both tools: kexec-tools
/// uses <c>makedumpfile -l --message-level 7 -d 31</c> when /etc/kdump.conf names no core_collector
/// (DEFAULT_CORE_COLLECTOR in kdump-lib), and Debian kdump-tools uses <c>MAKEDUMP_ARGS="-c -d 31"</c> when
/// /etc/default/kdump-tools sets none (kdump-config). The RHEL guide estimates the real size with
/// <c>makedumpfile --mem-usage /proc/kcore</c>; this check only keeps a host from failing outright.
/// </summary>
public static partial class DumpSpaceRule
{
    /// <summary>The factor of RAM wanted free for an unfiltered dump.</summary>
    public const double Unfiltered = 1.5;

    /// <summary>
    /// The dump level the host's configuration gives (output of <see cref="RemoteCommands.DumpConfig"/>): the
    /// <c>-d</c>/<c>--dump-level</c> of an uncommented core_collector or MAKEDUMP_ARGS line, the tool's default (31)
    /// when its file sets none, 0 for a core_collector that is not makedumpfile, null when neither file exists.
    /// </summary>
    public static int? DumpLevel(string dumpConfig, out string source)
    {
        source = "no /etc/kdump.conf or /etc/default/kdump-tools";
        int? level = null;
        string? file = null;
        bool setInFile = false;
        foreach (string raw in (dumpConfig ?? "").Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("==> ", StringComparison.Ordinal))
            {
                if (file is not null && !setInFile)
                {
                    break; // the first file that exists decides (a host has one tool)
                }
                file = line[4..];
                continue;
            }
            if (file is null || line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            if (file.EndsWith("kdump.conf", StringComparison.Ordinal) && line.StartsWith("core_collector", StringComparison.Ordinal))
            {
                setInFile = true;
                level = line.Contains("makedumpfile", StringComparison.Ordinal) ? LevelIn(line) ?? 0 : 0;
                source = $"{file}: {line}";
            }
            else if (file.EndsWith("kdump-tools", StringComparison.Ordinal) && line.StartsWith("MAKEDUMP_ARGS=", StringComparison.Ordinal))
            {
                setInFile = true;
                level = LevelIn(line) ?? 0;
                source = $"{file}: {line}";
            }
        }
        if (file is not null && !setInFile)
        {
            source = file.EndsWith("kdump.conf", StringComparison.Ordinal)
                ? $"{file} names no core_collector: kexec-tools' default makedumpfile -d 31"
                : $"{file} sets no MAKEDUMP_ARGS: kdump-tools' default -c -d 31";
            return 31;
        }
        return level;
    }

    /// <summary>The check: free bytes against RAM × 1.5, or × 1 when the dump is filtered at level 31.</summary>
    public static KdumpCheck Check(string dumpDir, long? available, long? memTotal, int? dumpLevel, string levelSource)
    {
        if (available is null || memTotal is null)
        {
            return new("free space", KdumpCheckStatus.Fail,
                $"{dumpDir}: {(available is null ? "free space unknown (df failed)" : "MemTotal unknown (/proc/meminfo unreadable)")}");
        }
        bool filtered = dumpLevel == 31;
        double factor = filtered ? 1.0 : Unfiltered;
        long need = (long)Math.Ceiling(memTotal.Value * factor);
        string how = filtered ? $"dump filtered at level 31 ({levelSource}), so 1× RAM" : $"{(dumpLevel is { } l ? $"dump level {l.ToString(CultureInfo.InvariantCulture)} ({levelSource})" : levelSource)}, so 1.5× RAM for an unfiltered dump";
        string figures = $"{Size(available.Value)} free in {dumpDir}, RAM {Size(memTotal.Value)}; {how} = {Size(need)}";
        return available.Value >= need
            ? new("free space", KdumpCheckStatus.Ok, figures)
            : new("free space", KdumpCheckStatus.Fail, figures + ": a dump may not fit; free space or filter with makedumpfile -d 31");
    }

    /// <summary>Bytes as a person reads a disk's size: <c>12.3 GiB</c>.</summary>
    public static string Size(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB");

    private static int? LevelIn(string line)
    {
        Match m = DumpLevelOption().Match(line);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int level) ? level : null;
    }

    [GeneratedRegex(@"(?:-d|--dump-level)[ =]?(\d+)")]
    private static partial Regex DumpLevelOption();
}
