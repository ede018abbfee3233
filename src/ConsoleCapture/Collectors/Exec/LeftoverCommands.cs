using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// Finds and ends the exec consoles' commands that a solwatch daemon which is gone left running (see
/// <see cref="ExecOwner"/>): processes whose environment holds <c>SOLWATCH_EXEC_OWNER</c> naming a process that no
/// longer runs. The daemon does this when it starts, before its consoles start theirs.
/// </summary>
/// <remarks>
/// Only processes of a daemon that is gone are touched: a running daemon's commands name a running process (its pid
/// and start time), whichever data directory it uses. Only this user's processes are ended (root's daemon leaves
/// other users' leftovers to their own daemons). SIGTERM first, so that a console
/// client can end its session with the BMC (ipmitool deactivates its SOL payload), then SIGKILL for what is left after
/// <see cref="Grace"/>.
/// </remarks>
public static class LeftoverCommands
{
    /// <summary>How long the commands have between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private const int SigTerm = 15;
    private const int SigKill = 9;

    private static readonly byte[] MarkPrefix = Encoding.ASCII.GetBytes(ExecOwner.Variable + "=");

    /// <summary>A process left running: its pid, program (the file name of its first argument only: the others may hold
    /// a password, as <c>ipmitool -P</c> does) and the mark of the daemon that started it.</summary>
    public sealed record Leftover(int Pid, string Program, string Owner);

    /// <summary>The processes whose owner (<see cref="ExecOwner"/>) is gone.</summary>
    public static IReadOnlyList<Leftover> Find()
    {
        var found = new List<Leftover>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }
        // Another user's leftovers (seen by root) are that user's to end: their daemon, started again, does it.
        string? ourUid = LinuxProcess.RealUid(Environment.ProcessId);
        foreach (string dir in entries)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            // A mark that does not read as one says nobody's name: such a process is left alone.
            if (OwnerMark(pid) is { } owner && ExecOwner.TryParse(owner, out _, out _) && !ExecOwner.OwnerRuns(owner)
                && LinuxProcess.RealUid(pid) is { } uid && uid == ourUid)
            {
                found.Add(new Leftover(pid, Program(Path.Combine(dir, "cmdline")), owner));
            }
        }
        return found;
    }

    /// <summary>
    /// Ends <paramref name="leftovers"/>: SIGTERM to each, then SIGKILL to those still running after
    /// <paramref name="grace"/>. Returns those that could not be ended (not allowed, or still there).
    /// </summary>
    public static async Task<IReadOnlyList<Leftover>> EndAsync(IReadOnlyList<Leftover> leftovers, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leftovers);
        await SignalAndWaitAsync(leftovers, SigTerm, grace, cancellationToken).ConfigureAwait(false);
        await SignalAndWaitAsync([.. leftovers.Where(StillThere)], SigKill, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return [.. leftovers.Where(StillThere)];
    }

    // Sends each the signal (one not ours to signal stays, and the caller reports it), then waits until all are gone or
    // the patience is spent.
    private static async Task SignalAndWaitAsync(IReadOnlyList<Leftover> leftovers, int signal, TimeSpan patience, CancellationToken cancellationToken)
    {
        foreach (Leftover l in leftovers)
        {
            _ = NativeMethods.Kill(l.Pid, signal);
        }
        var clock = Stopwatch.StartNew();
        while (leftovers.Any(StillThere) && clock.Elapsed < patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    // The same process (its pid with the owner mark still in its environment) has not exited. A zombie counts as gone:
    // it runs nothing and holds no session; its parent (init, by now) reaps it.
    private static bool StillThere(Leftover l) => OwnerMark(l.Pid) == l.Owner && LinuxProcess.Runs(l.Pid);

    // The value of SOLWATCH_EXEC_OWNER in the process's environment (/proc/PID/environ, NUL-separated NAME=value), or null.
    private static string? OwnerMark(int pid)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        ReadOnlySpan<byte> rest = environ;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = end < 0 ? rest : rest[..end];
            if (entry.StartsWith(MarkPrefix))
            {
                return Encoding.ASCII.GetString(entry[MarkPrefix.Length..]);
            }
            rest = end < 0 ? [] : rest[(end + 1)..];
        }
        return null;
    }

    // /proc/PID/cmdline: the arguments, NUL-separated; the first one's file name.
    private static string Program(string cmdlineFile)
    {
        try
        {
            string line = Encoding.UTF8.GetString(File.ReadAllBytes(cmdlineFile));
            int end = line.IndexOf('\0', StringComparison.Ordinal);
            string program = Path.GetFileName(end < 0 ? line : line[..end]);
            return program.Length is > 0 and <= 64 ? program : "?";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
