namespace SolWatch.Parsers.Lines;

/// <summary>
/// A console line with its printk decorations taken apart: where the message <see cref="Text"/> starts and the caller
/// id (<c>[T1234]</c> task or <c>[C3]</c> CPU, printed with CONFIG_PRINTK_CALLER) that keeps interleaved reports apart.
/// </summary>
/// <remarks>
/// The message is kept as an offset into <see cref="Raw"/>, not as a string of its own: every line of every report is
/// taken apart, and a second copy of each (most of a crash-dense console) was a fifth of what the detector allocated.
/// The detector reads <see cref="TextSpan"/>; <see cref="Text"/> makes a string, for the few places that keep one.
/// </remarks>
/// <param name="Raw">The line as framed.</param>
/// <param name="TextStart">Where the message starts in <paramref name="Raw"/>, after the syslog/journal prefix,
/// <c>&lt;n&gt;</c> level, timestamp and caller id.</param>
/// <param name="Caller">Caller id such as <c>T1234</c> or <c>C3</c>, or null when the kernel did not print one.</param>
/// <param name="HasKernelPrefix">The line carried a printk timestamp or a syslog <c>kernel:</c> tag: it came from the kernel.</param>
/// <param name="TextEnd">Where the message ends in <paramref name="Raw"/> when a collector put something after it (the
/// <c>"}</c> closing a LAVA log's JSON record), or -1 when it runs to the end of the line.</param>
public readonly record struct KernelLine(string Raw, int TextStart, string? Caller, bool HasKernelPrefix, int TextEnd = -1)
{
    /// <summary>The message, without what came before or after it.</summary>
    public ReadOnlySpan<char> TextSpan => TextEnd < 0 ? Raw.AsSpan(TextStart) : Raw.AsSpan(TextStart, TextEnd - TextStart);

    /// <summary>The message as a string of its own (allocated on each call unless the line has no prefix or tail).</summary>
    public string Text => TextEnd < 0 ? (TextStart == 0 ? Raw : Raw[TextStart..]) : Raw[TextStart..TextEnd];

    /// <summary>
    /// One more than the whole seconds of printk's time when the line's prefix is that time alone (with its caller id),
    /// as <see cref="LinePrefix.Parse"/> read it; 0 when not known, and <see cref="PrintkTime.WholeSeconds"/> of the
    /// prefix says. Kept so because a default line must mean "not known".
    /// </summary>
    internal long PlainSecondsPlusOne { get; init; }

    /// <summary>The whole seconds of the printk time in the line's prefix (see <see cref="PrintkTime.WholeSeconds"/>),
    /// or -1.</summary>
    internal long PrefixSeconds => PlainSecondsPlusOne > 0 ? PlainSecondsPlusOne - 1 : PrintkTime.WholeSeconds(Raw.AsSpan(0, TextStart));

    /// <summary>The caller id names a CPU context (interrupt), not a task.</summary>
    public bool CallerIsCpu => Caller is { Length: > 0 } c && c[0] == 'C';
}
