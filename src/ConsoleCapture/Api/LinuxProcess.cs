using System.Globalization;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// What /proc says about a process: whether it is the very process that wrote a token file (its start time, which a
/// reused pid does not share) and whether it owns the socket listening on a port. Null answers mean "cannot tell"
/// (no /proc, not allowed to look): the caller then relies on the daemon's proof of the token alone.
/// </summary>
public static class LinuxProcess
{
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>When <paramref name="pid"/> started (clock ticks after boot, /proc/PID/stat field 22), or null when there is no such process.</summary>
    public static long? StartTime(int pid) =>
        StatFields(pid) is { Length: > 19 } fields && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out long start) ? start : null;

    /// <summary>Whether <paramref name="pid"/> runs: it exists and is not a zombie waiting to be reaped (/proc/PID/stat
    /// field 3, state Z or X). False when it cannot be read.</summary>
    public static bool Runs(int pid) => StatFields(pid) is { Length: > 0 } fields && fields[0] is not ("Z" or "X");

    /// <summary>The real user id of <paramref name="pid"/> (the first number of /proc/PID/status's "Uid:" line), or null
    /// when it cannot be read.</summary>
    public static string? RealUid(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    string[] ids = line["Uid:".Length..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                    return ids.Length > 0 ? ids[0] : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    // /proc/PID/stat's fields from the third (state) on, or null when there is no such process.
    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces and ')': fields 3.. follow the last ')'.
        int close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length ? stat[(close + 2)..].Split(' ') : null;
    }

    /// <summary>
    /// Whether <paramref name="pid"/> holds the socket listening on TCP <paramref name="port"/> (/proc/net/tcp and tcp6
    /// give the socket's inode, /proc/PID/fd the process's sockets); null when that cannot be read.
    /// </summary>
    public static bool? OwnsListener(int pid, int port)
    {
        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (string table in TcpTables.Where(File.Exists))
            {
                foreach (string line in File.ReadLines(table).Skip(1))
                {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length > 9 && f[3] == "0A"
                        && int.TryParse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int p) && p == port)
                    {
                        inodes.Add($"socket:[{f[9]}]");
                    }
                }
            }
            string fds = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd";
            if (!Directory.Exists(fds))
            {
                return false;
            }
            foreach (string fd in Directory.EnumerateFileSystemEntries(fds))
            {
                if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                {
                    return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
