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

    /// <summary>Register values by name as printed (<c>RAX</c> → <c>0000000000000000</c>), in order of their names.</summary>
    public RegisterDictionary Registers { get; init; } = RegisterDictionary.Empty;

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

    /// <summary>
    /// The crash's kdump story as far as the console told it when the report was given out (armed, the capture kernel,
    /// the save, the outcome), or null when the crash was one the kernel lived through or the console says nothing of
    /// kdump. Set by <see cref="Reading.ConsoleReader"/>; the detector alone leaves it null.
    /// </summary>
    public Kdump.KdumpFinding? Kdump { get; init; }

    // The text, or the lines it is joined from on first read (see Text).
    private object _text = "";
    // Text's length, set with it: the readers holding reports back ask for it when a report comes and when it goes, and
    // summing the lines each time read every line string's header again (2 % of a crash-dense scan compiled ahead of time).
    private long _textLength;

    /// <summary>The report's lines as the console printed them (prefixes kept), joined with <c>\n</c>.</summary>
    /// <remarks>
    /// The detector hands a report out with its lines still apart and they are joined when the text is first read:
    /// a crash-dense console finishes a report every few dozen lines, the join copies every one of them, and not every
    /// reader wants it (<c>solwatch scan</c>'s text output never shows it; the store reads it on its own thread, off the
    /// console's). Reading it from several threads at once is safe: each would join the same text.
    /// </remarks>
    public string Text
    {
        get
        {
            // One read of the field: another thread may replace the lines by their text at any moment.
            object text = _text;
            if (text is string joined)
            {
                return joined;
            }
            joined = string.Join('\n', (string[])text);
            _text = joined;
            return joined;
        }
        init
        {
            _text = value ?? throw new ArgumentNullException(nameof(value));
            _textLength = value.Length;
        }
    }

    /// <summary>
    /// The lines <see cref="Text"/> would be joined from (with <c>\n</c> between them), while it has not been joined: a
    /// writer that can take a string in pieces (the JSON of <c>solwatch scan</c>) writes them one after another and
    /// spares the copy (on a crash-dense log the join was a tenth of a one-off scan). False once the text is joined (read
    /// <see cref="Text"/> then), or when it was given whole.
    /// </summary>
    public bool TryGetUnjoinedLines(out ReadOnlySpan<string> lines)
    {
        // One read of the field, as in Text: the array itself is never changed, only replaced by the joined text.
        if (_text is string[] apart)
        {
            lines = apart;
            return true;
        }
        lines = default;
        return false;
    }

    /// <summary>The length of <see cref="Text"/>, without joining it: what a reader holding reports back counts to bound
    /// its memory (<see cref="Reading.ReportsInOrder"/>).</summary>
    public long TextLength => _textLength;

    private static long JoinedLength(string[] lines)
    {
        long length = Math.Max(0, lines.Length - 1);
        foreach (string line in lines)
        {
            length += line.Length;
        }
        return length;
    }

    /// <summary>The lines <see cref="Text"/> is joined from when first read (how the detector sets it).</summary>
    internal string[] TextLines
    {
        init
        {
            _text = value ?? throw new ArgumentNullException(nameof(value));
            _textLength = JoinedLength(value);
        }
    }
}
