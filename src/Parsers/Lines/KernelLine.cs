namespace SolWatch.Parsers.Lines;

/// <summary>
/// A console line with its printk decorations taken apart: the message <see cref="Text"/> and the caller id
/// (<c>[T1234]</c> task or <c>[C3]</c> CPU, printed with CONFIG_PRINTK_CALLER) that keeps interleaved reports apart.
/// </summary>
/// <param name="Raw">The line as framed.</param>
/// <param name="Text">The message without syslog/journal prefix, <c>&lt;n&gt;</c> level, timestamp and caller id.</param>
/// <param name="Caller">Caller id such as <c>T1234</c> or <c>C3</c>, or null when the kernel did not print one.</param>
/// <param name="HasKernelPrefix">The line carried a printk timestamp or a syslog <c>kernel:</c> tag: it came from the kernel.</param>
public readonly record struct KernelLine(string Raw, string Text, string? Caller, bool HasKernelPrefix)
{
    /// <summary>The caller id names a CPU context (interrupt), not a task.</summary>
    public bool CallerIsCpu => Caller is { Length: > 0 } c && c[0] == 'C';
}
