using System.Globalization;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// Finds and reads the kernel log kdump saved beside a vmcore: kexec-tools writes <c>vmcore-dmesg.txt</c> into
/// <c>&lt;path&gt;/&lt;ip&gt;-&lt;date&gt;/</c> (vmcore-dmesg, kdump-lib's DMESG_COLLECTOR), Debian kdump-tools writes
/// <c>dmesg.&lt;stamp&gt;</c> into <c>KDUMP_COREDIR/&lt;stamp&gt;/</c> (kdump-config, makedumpfile --dump-dmesg).
/// The directory the console named (the incident's vmcore path) is tried first, then one of that name under the dump
/// directory (the capture kernel mounts the target elsewhere, e.g. /sysroot or /mnt), then the newest dmesg written
/// after the crash.
/// </summary>
public static class VmcoreDmesgFetcher
{
    /// <summary>How far the host's clock may be behind ours and its file still count as written after the crash.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(10);

    /// <summary>The file fetched.</summary>
    /// <param name="Path">Its path on the host.</param>
    /// <param name="Text">Its text (UTF-8, invalid bytes replaced), at most <see cref="RemoteCommands.MaxDmesgBytes"/> bytes.</param>
    /// <param name="Truncated">Whether the file was longer.</param>
    public sealed record Fetched(string Path, string Text, bool Truncated);

    /// <summary>Finds and reads the dmesg of the crash at <paramref name="crashAt"/>; throws <see cref="KdumpHostException"/> when there is none.</summary>
    public static async Task<Fetched> FetchAsync(
        KdumpHostConnection connection, KdumpHostOptions options, DateTimeOffset crashAt, string? vmcorePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        KdumpHostConnection.Result list = await connection.RunAsync(RemoteCommands.ListDmesgFiles(options.DumpDir), RemoteCommands.SmallOutput, cancellationToken).ConfigureAwait(false);
        List<(double Mtime, string Path)> files = [.. Parse(list.Output)];
        string? path = Choose(files, options.DumpDir, crashAt, vmcorePath);
        if (path is null)
        {
            string why = files.Count == 0
                ? $"no vmcore-dmesg.txt or dmesg.<stamp> under {options.DumpDir}{(list.Complaint.Length > 0 ? $" ({list.Complaint})" : "")}"
                : $"none of the {files.Count} dmesg files under {options.DumpDir} was written after the crash at {crashAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
            throw new KdumpHostException($"kdump host {options.Endpoint}: {why}{(vmcorePath is null ? "" : $" nor beside {vmcorePath}")}", retry: false);
        }
        KdumpHostConnection.Result read = await connection.RunAsync(RemoteCommands.ReadDmesg(path), RemoteCommands.MaxDmesgBytes, cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            throw new KdumpHostException($"kdump host {options.Endpoint}: cannot read {path} ({read.Complaint})", retry: false);
        }
        return new Fetched(path, read.Output, read.Truncated);
    }

    /// <summary>The lines of <see cref="RemoteCommands.ListDmesgFiles"/>: modification time and path.</summary>
    public static IEnumerable<(double Mtime, string Path)> Parse(string listing)
    {
        foreach (string line in (listing ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && double.TryParse(line.AsSpan(0, space), NumberStyles.Float, CultureInfo.InvariantCulture, out double mtime))
            {
                yield return (mtime, line[(space + 1)..]);
            }
        }
    }

    /// <summary>
    /// The file to fetch: the one in the named directory (as given, or by its name under the dump directory), else the
    /// newest written after the crash (less <see cref="ClockSlack"/>); vmcore-dmesg.txt before dmesg.* in one directory.
    /// </summary>
    public static string? Choose(IReadOnlyList<(double Mtime, string Path)> files, string dumpDir, DateTimeOffset crashAt, string? vmcorePath)
    {
        ArgumentNullException.ThrowIfNull(files);
        string root = dumpDir.TrimEnd('/');
        if (vmcorePath is { Length: > 0 } && System.IO.Path.GetDirectoryName(vmcorePath.TrimEnd('/')) is { Length: > 0 } named)
        {
            // The console may name the vmcore file or its directory (kdump-tools prints the directory).
            string[] directories = [named, vmcorePath.TrimEnd('/'), $"{root}/{System.IO.Path.GetFileName(named)}", $"{root}/{System.IO.Path.GetFileName(vmcorePath.TrimEnd('/'))}"];
            foreach (string directory in directories)
            {
                string? inIt = files.Where(f => System.IO.Path.GetDirectoryName(f.Path) == directory)
                    .OrderBy(f => System.IO.Path.GetFileName(f.Path) == "vmcore-dmesg.txt" ? 0 : 1).Select(f => f.Path).FirstOrDefault();
                if (inIt is not null)
                {
                    return inIt;
                }
            }
        }
        double after = (crashAt - ClockSlack).ToUnixTimeMilliseconds() / 1000.0;
        return files.Where(f => f.Mtime >= after).OrderByDescending(f => f.Mtime).Select(f => f.Path).FirstOrDefault();
    }
}
