namespace SolWatch.Parsers.Kdump;

/// <summary>
/// Android's Microdroid VMs save their own vmcore: the crash kernel's init is a small program, crashdump, that copies
/// /proc/vmcore to a virtio console the host stores as a tombstone, then reboots. Its messages, from
/// packages/modules/Virtualization microdroid/kdump/crashdump.c (main):
/// <code>
/// Crashdump started                                  printf, first thing
/// Size is %ld bytes                                  after /proc and /dev are mounted and both files opened
/// ........done                                       a dot per percent copied, then "done"
/// Failed to open /proc/vmcore:No such file or …     FAIL(format): fprintf(stderr, format ":%s\n", strerror(errno))
/// Crashdump failed                                   after any FAIL; main returns 1 (init exits: the kernel panics)
/// </code>
/// After "done" it calls reboot(2) with LINUX_REBOOT_CMD_RESTART2 and the command "kernel panic", which the kernel
/// prints as <c>reboot: Restarting system with command 'kernel panic'</c> (kernel/reboot.c kernel_restart): that line
/// is reached only when the whole vmcore was written, so it is the save's completion even when the dots and "done" are
/// lost among kernel messages (round 17: "random: crng init done" broke the dot line of Android's own example).
/// </summary>
internal static class MicrodroidCrashdump
{
    /// <summary>The program's first line. crashdump runs only as the crash kernel's init, but the words are plain
    /// enough that the tracker takes them only after a jump into the capture kernel.</summary>
    public static bool IsStart(ReadOnlySpan<char> text) => text.Trim().SequenceEqual("Crashdump started");

    /// <summary>Its last line when a step failed (the FAIL line before it says which).</summary>
    public static bool IsFailure(ReadOnlySpan<char> text) => text.Trim().SequenceEqual("Crashdump failed");

    /// <summary>The kernel's word for crashdump's final reboot(2), made only after the copy completed.</summary>
    public static bool IsCompletedReboot(ReadOnlySpan<char> text) =>
        text.Contains("reboot: Restarting system with command 'kernel panic'", StringComparison.Ordinal);
}
