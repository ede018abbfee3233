namespace SolWatch.Parsers.Reports;

/// <summary>
/// Where the CPU was when the kernel stopped: the <c>RIP:</c>/<c>EIP:</c>/<c>pc :</c>/<c>NIP</c>/<c>epc :</c>/<c>Krnl PSW</c>
/// line of a report, resolved to a symbol when the kernel printed one.
/// </summary>
/// <param name="Address">Hex address without the <c>0x</c> prefix, when printed.</param>
/// <param name="Function">Symbol name, e.g. <c>sysrq_handle_crash</c>.</param>
/// <param name="Offset">Offset into the function (bytes).</param>
/// <param name="Size">Size of the function (bytes).</param>
/// <param name="Module">Module the function lives in, or null for the core kernel.</param>
public sealed record InstructionPointer(string? Address, string? Function, long? Offset, long? Size, string? Module);
