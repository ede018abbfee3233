using System.Globalization;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// The mark an exec console's command carries in its environment, <c>SOLWATCH_EXEC_OWNER=PID:START</c>: the process id
/// and start time (/proc/PID/stat, clock ticks after boot) of the solwatch process that started it. Every process the
/// command starts inherits it, so the whole tree of a console's command says which daemon it works for.
/// </summary>
/// <remarks>
/// Why: a daemon that dies without its shutdown (killed, out of memory, a crash) cannot kill its commands, and they
/// live on with nobody reading them: an <c>ipmitool sol activate</c> or <c>ssh … console</c> keeps holding the BMC's
/// only console session, so the next daemon's command for that console is refused (<c>SOL payload already active on
/// another session</c>) until someone kills the old one by hand. The next daemon finds them by this mark and ends them
/// (<see cref="LeftoverCommands"/>). A pid alone would not do: the dead daemon's pid may belong to another process by
/// then, which the start time tells apart. Under systemd (KillMode=control-group) the service's cgroup is killed on
/// stop anyway; the mark serves a daemon started by hand, under a supervisor without cgroups, or in a container that
/// outlives it.
/// </remarks>
public static class ExecOwner
{
    /// <summary>The variable's name.</summary>
    public const string Variable = "SOLWATCH_EXEC_OWNER";

    /// <summary>This process's mark (<c>PID:START</c>), or null where /proc does not tell the start time (then no mark
    /// is set and nothing can be found later).</summary>
    public static string? OfThisProcess { get; } = Mark(Environment.ProcessId);

    /// <summary>The mark of process <paramref name="pid"/> as it runs now, or null when it is gone or cannot be read.</summary>
    public static string? Mark(int pid) =>
        LinuxProcess.StartTime(pid) is { } start
            ? string.Create(CultureInfo.InvariantCulture, $"{pid}:{start}")
            : null;

    /// <summary>Reads a mark: the owner's pid and start time; false when <paramref name="mark"/> is not one.</summary>
    public static bool TryParse(string mark, out int pid, out long start)
    {
        ArgumentNullException.ThrowIfNull(mark);
        pid = 0;
        start = 0;
        int colon = mark.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
               && int.TryParse(mark.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out pid) && pid > 0
               && long.TryParse(mark.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out start);
    }

    /// <summary>Whether the process a mark names still runs (the same pid with the same start time).</summary>
    public static bool OwnerRuns(string mark) =>
        TryParse(mark, out int pid, out long start) && LinuxProcess.StartTime(pid) == start;
}
