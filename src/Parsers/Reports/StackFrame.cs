namespace SolWatch.Parsers.Reports;

/// <summary>One frame of a call trace, e.g. <c>? do_syscall_64+0x35/0x80 [ext4]</c>.</summary>
/// <param name="Function">Symbol name.</param>
/// <param name="Offset">Offset into the function (bytes), when printed.</param>
/// <param name="Size">Size of the function (bytes), when printed.</param>
/// <param name="Module">Module in brackets after the symbol, or null for the core kernel.</param>
/// <param name="Reliable">False when the unwinder marked the frame with <c>?</c> (a stale return address on the stack).</param>
public sealed record StackFrame(string Function, long? Offset, long? Size, string? Module, bool Reliable);
