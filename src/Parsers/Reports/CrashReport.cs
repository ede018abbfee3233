using System.Collections.Immutable;

namespace SolWatch.Parsers.Reports;

/// <summary>
/// One crash as read off a console: what the kernel said, where it was, and how sure we are of it.
/// Immutable; produced by <see cref="Detection.CrashDetector"/>, stored by src/Storage as part of an incident.
/// </summary>
public sealed record CrashReport
{
    /// <summary>Coarse class of the crash.</summary>
    public required CrashKind Kind { get; init; }

    /// <summary>
    /// Human title in the kernel community's (syzbot's) naming, e.g. <c>general protection fault in ext4_fill_super</c>.
    /// Never contains addresses, numbers, PIDs or CPU ids.
    /// </summary>
    public required string Title { get; init; }

    /// <summary>Stable id grouping the same crash across hosts, boots and builds of one release (hex, 16 chars).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The kernel went on to panic (<c>Kernel panic - not syncing</c>, or a capture kernel booted after it).</summary>
    public bool Panicked { get; init; }

    /// <summary>Text after <c>Kernel panic - not syncing: </c>, when printed.</summary>
    public string? PanicReason { get; init; }

    /// <summary>The report is damaged (cut short, interleaved, no readable stack) and its title may be approximate.</summary>
    public bool Corrupted { get; init; }

    /// <summary>Why <see cref="Corrupted"/> is set.</summary>
    public string? CorruptedReason { get; init; }

    /// <summary>Instruction pointer at the time of the crash.</summary>
    public InstructionPointer? Ip { get; init; }

    /// <summary>Call trace in the order printed (innermost first).</summary>
    public ImmutableArray<StackFrame> Frames { get; init; } = [];

    /// <summary>The function the title blames (first frame that is not reporting machinery).</summary>
    public string? GuiltyFrame { get; init; }

    /// <summary>Register values by name as printed (<c>RAX</c> → <c>0000000000000000</c>).</summary>
    public ImmutableSortedDictionary<string, string> Registers { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Kernel release and taint.</summary>
    public KernelInfo Kernel { get; init; } = new(null, null);

    /// <summary>CPU, PID and command of the task running when the kernel noticed.</summary>
    public TaskInfo? Task { get; init; }

    /// <summary><c>Hardware name:</c> line, e.g. <c>QEMU Standard PC (i440FX + PIIX, 1996), BIOS …</c>.</summary>
    public string? Hardware { get; init; }

    /// <summary><c>Modules linked in:</c>, in order.</summary>
    public ImmutableArray<string> Modules { get; init; } = [];

    /// <summary>1-based number of the report's first line in its console/file.</summary>
    public long StartLine { get; init; }

    /// <summary>1-based number of the report's last line.</summary>
    public long EndLine { get; init; }

    /// <summary>The report's lines as the console printed them (prefixes kept), joined with <c>\n</c>.</summary>
    public required string Text { get; init; }
}
