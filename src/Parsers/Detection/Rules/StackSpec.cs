using System.Collections.Immutable;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>How a rule finds its guilty frame: parts to run, an alternative if they find nothing, functions to skip,
/// and how to pick among the candidates.</summary>
internal sealed record StackSpec(ImmutableArray<FramePart> Parts)
{
    /// <summary>Tried when <see cref="Parts"/> yield no candidate.</summary>
    public ImmutableArray<FramePart> Alternative { get; init; } = [];

    /// <summary>Tried when <see cref="Alternative"/> yields nothing either.</summary>
    public ImmutableArray<FramePart> LastResort { get; init; } = [];

    /// <summary>Functions this rule skips on top of the common skip list.</summary>
    public ImmutableArray<string> Skip { get; init; } = [];

    /// <summary>How to choose among the candidates.</summary>
    public FramePicker Picker { get; init; } = FramePicker.First;

    /// <summary>IP, then the frames after it (the common shape of an oops).</summary>
    public static StackSpec IpThenTrace(params string[] skip) =>
        new([FramePart.Ip, FramePart.CallTrace, FramePart.Trace]) { Skip = [.. skip] };

    /// <summary>Only the call trace; on arm with the unwinder, whose dump_stack() prints "(callee) from (caller)" frames with
    /// no heading, the frames after the first such line (the unwinder's own).</summary>
    public static StackSpec TraceOnly(params string[] skip) =>
        new([FramePart.CallTrace, FramePart.Trace]) { Alternative = ArmUnwinderFrames, Skip = [.. skip] };

    private static readonly ImmutableArray<FramePart> ArmUnwinderFrames =
        [new FramePart.LineWhere(l => l.Contains(") from [<", StringComparison.Ordinal)), FramePart.Trace];

    /// <summary>Only the instruction pointer.</summary>
    public static StackSpec IpOnly { get; } = new([FramePart.Ip]);

    /// <summary>WARN(): the frames from the trap on (x86 RIP, powerpc "--- interrupt: 700 at"); on kernels without a trap
    /// frame, the whole call trace.</summary>
    public static StackSpec Warning(params string[] skip) =>
        new([FramePart.Ip, FramePart.Trace])
        {
            Alternative = [new FramePart.InterruptedAt(), FramePart.Trace],
            LastResort = [FramePart.CallTrace, FramePart.Trace],
            Skip = [.. skip],
        };
}

/// <summary>How the guilty frame is chosen among the candidates.</summary>
internal enum FramePicker
{
    /// <summary>The first candidate.</summary>
    First,
    /// <summary>Stalls and lockups: the frame just above a dispatch point (syscall entry, workqueue, timer…).</summary>
    Stall,
    /// <summary>Hung tasks: the lock or wait the task is stuck on, grouped (rtnl_lock, synchronize_rcu…).</summary>
    HungTask,
    /// <summary>Rust panics: the first frame, demangled, outside the panic machinery of core, alloc and the panic handler.</summary>
    Rust,
}
