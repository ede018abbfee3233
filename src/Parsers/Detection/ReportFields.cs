using System.Collections.Immutable;
using Pidgin;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Lines;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>The facts a report states about itself: IP, call trace, registers, task, kernel, hardware, modules.</summary>
internal sealed record ReportFields(
    InstructionPointer? Ip,
    ImmutableArray<StackFrame> Frames,
    ImmutableSortedDictionary<string, string> Registers,
    KernelInfo Kernel,
    TaskInfo? Task,
    string? Hardware,
    ImmutableArray<string> Modules)
{
    private const int MaxFrames = 64;

    public static ReportFields Read(List<KernelLine> lines, ReportView parsed)
    {
        InstructionPointer? ip = null;
        var frames = ImmutableArray.CreateBuilder<StackFrame>();
        var registers = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        ParsedTask? task = null;
        string? hardware = null;
        ImmutableArray<string> modules = [];
        string? bareAddress = null;
        bool inTrace = false;
        bool traceDone = false;
        for (int index = 0; index < lines.Count; index++)
        {
            string t = lines[index].Text;
            string trimmed = t.TrimStart();
            // A user-mode RIP (CS 0033, i386 0073) at the end of a trace is where the syscall came from, not the crash.
            if (ip is null && ReportLineKinds.MayBeInstructionPointer(trimmed) && !trimmed.StartsWith("RIP: 0033:", StringComparison.Ordinal)
                && !trimmed.StartsWith("EIP: 0073:", StringComparison.Ordinal))
            {
                Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(t);
                if (r.Success && r.Value.Symbol is { } s)
                {
                    ip = new InstructionPointer(r.Value.Address ?? bareAddress, s.Function, s.Offset, s.Size, s.Module);
                    continue;
                }
                if (r.Success && r.Value.Address is not null)
                {
                    // Remember it; a line naming the symbol may follow (powerpc prints "NIP:  addr" then "NIP [addr] f+0x").
                    bareAddress ??= r.Value.Address;
                }
            }
            if (task is null && (trimmed.StartsWith("CPU:", StringComparison.Ordinal) || trimmed.StartsWith("Pid:", StringComparison.Ordinal)))
            {
                Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse(t);
                if (r.Success)
                {
                    task = r.Value;
                    continue;
                }
            }
            if (hardware is null && trimmed.StartsWith("Hardware name:", StringComparison.Ordinal))
            {
                hardware = trimmed["Hardware name:".Length..].Trim();
                continue;
            }
            if (modules.IsEmpty && trimmed.StartsWith("Modules linked in:", StringComparison.Ordinal))
            {
                modules = ParseModules(trimmed["Modules linked in:".Length..]);
                continue;
            }
            if (ReportLineKinds.IsStackKeyword(t))
            {
                if (inTrace || traceDone)
                {
                    traceDone = true;
                    inTrace = false;
                }
                else
                {
                    inTrace = true;
                }
                continue;
            }
            if (!inTrace && !traceDone && t.Contains(") from [<", StringComparison.Ordinal))
            {
                // arm's unwinder: "[<c0012345>] (callee) from [<c0023456>] (caller+0x1c/0x40)" frames with no heading.
                inTrace = true;
            }
            if (inTrace)
            {
                if (trimmed.StartsWith("---[", StringComparison.Ordinal) || trimmed.StartsWith("Kernel panic", StringComparison.Ordinal)
                    || trimmed.StartsWith("Modules linked in", StringComparison.Ordinal))
                {
                    inTrace = false;
                    traceDone = true;
                }
                else if (frames.Count < MaxFrames && parsed.TryFrameOfReportLine(index, out ParsedFrame f))
                {
                    frames.Add(new StackFrame(f.Symbol.Function, f.Symbol.Offset, f.Symbol.Size, f.Symbol.Module, f.Reliable));
                }
                continue;
            }
            if (!traceDone && ReportLineKinds.MayBeRegisters(trimmed))
            {
                Result<char, IEnumerable<KeyValuePair<string, string>>> regs = RegisterGrammar.Line.Parse(t);
                if (regs.Success)
                {
                    foreach (KeyValuePair<string, string> kv in regs.Value)
                    {
                        registers.TryAdd(kv.Key, kv.Value);
                    }
                }
            }
        }
        if (ip is null && bareAddress is not null)
        {
            ip = new InstructionPointer(bareAddress, null, null, null, null);
        }
        return new ReportFields(ip, frames.ToImmutable(), registers.ToImmutable(),
            new KernelInfo(task?.Release, task?.Tainted), task is { } p ? new TaskInfo(p.Cpu, p.Pid, p.Comm) : null, hardware, modules);
    }

    private static ImmutableArray<string> ParseModules(string list)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (string word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith('['))
            {
                break; // "[last unloaded: foo]"
            }
            int paren = word.IndexOf('(', StringComparison.Ordinal);
            string name = paren > 0 ? word[..paren] : word;
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                names.Add(name);
            }
        }
        return names.ToImmutable();
    }
}
