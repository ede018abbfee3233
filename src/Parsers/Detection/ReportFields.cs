using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>The facts a report states about itself: IP, call trace, registers, task, kernel, hardware, modules.</summary>
internal sealed record ReportFields(
    InstructionPointer? Ip,
    ImmutableArray<StackFrame> Frames,
    RegisterDictionary Registers,
    KernelInfo Kernel,
    TaskInfo? Task,
    string? Hardware,
    ImmutableArray<string> Modules)
{
    /// <summary>
    /// The instruction-pointer line printed an address no symbol names: show_regs()'s "%pS" prints "0x…" when kallsyms
    /// has no name for it (arm "PC is at 0xe3fc0000", i386 "EIP is at 0x…", x86 "RIP: 0010:0x…"). Unlike a line whose
    /// function a mailer or a terminal moved or cut away, such a line says the CPU was in no function.
    /// </summary>
    public bool IpNamesNoSymbol { get; init; }

    private const int MaxFrames = 64;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly SearchValues<char> ModuleNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static ReportFields Read(List<ReportLine> lines, ReportView parsed)
    {
        InstructionPointer? ip = null;
        List<StackFrame> frames = parsed.FrameScratch;
        frames.Clear();
        // Every register pair in the order printed: the set keeps the first value of a name.
        List<KeyValuePair<string, string>> registers = parsed.RegisterScratch;
        registers.Clear();
        ParsedTask? task = null;
        string? hardware = null;
        ImmutableArray<string> modules = [];
        string? bareAddress = null;
        bool ipNamesNoSymbol = false;
        bool inTrace = false;
        bool traceDone = false;
        // The trace began at riscv's last register line (no heading) and no frame has come yet: a "Call Trace:" heading
        // there still begins it rather than ending it.
        bool riscvStartOnly = false;
        string? lastArmCaller = null;
        // By reference: a report line is a struct, and this loop reads each one several times.
        ReadOnlySpan<ReportLine> all = CollectionsMarshal.AsSpan(lines);
        for (int index = 0; index < all.Length; index++)
        {
            ref readonly ReportLine line = ref all[index];
            ReadOnlySpan<char> t = line.Text;
            ReadOnlySpan<char> trimmed = t.TrimStart();
            // Most lines are frames and register dumps: their first character rules out the labelled lines below.
            char first = trimmed.IsEmpty ? '\0' : trimmed[0];
            // A user-mode RIP (CS 0033, i386 0073) at the end of a trace is where the syscall came from, not the crash.
            if (ip is null && ReportLineKinds.MayBeInstructionPointerTrimmed(trimmed) && !trimmed.StartsWith("RIP: 0033:", StringComparison.Ordinal)
                && !trimmed.StartsWith("EIP: 0073:", StringComparison.Ordinal))
            {
                ParsedInstructionPointer? r = InstructionPointerGrammar.TryParse(t);
                if (r?.Symbol is { } s)
                {
                    ip = new InstructionPointer(r.Value.Address ?? bareAddress, s.Function, s.Offset, s.Size, s.Module);
                    continue;
                }
                // The line stops at its label and a wrap put the symbol on the next line (SplitInstructionPointer): the
                // kernel printed them as one line, so the instruction pointer is that symbol. Titles read the lines as
                // they are.
                if (index + 1 < all.Length && SplitInstructionPointer.SymbolAfterCut(t, all[index + 1].Text) is { } wrapped)
                {
                    ip = new InstructionPointer(r?.Address ?? bareAddress, wrapped.Function, wrapped.Offset, wrapped.Size, wrapped.Module);
                    index++;
                    continue;
                }
                if (bareAddress is null && NamesNoSymbol(trimmed))
                {
                    ipNamesNoSymbol = true;
                }
                if (r?.Address is { } address)
                {
                    // Remember it; a line naming the symbol may follow (powerpc prints "NIP:  addr" then "NIP [addr] f+0x").
                    bareAddress ??= address;
                }
            }
            if (task is null && first is 'C' or 'P' && (trimmed.StartsWith("CPU:", StringComparison.Ordinal) || trimmed.StartsWith("Pid:", StringComparison.Ordinal)))
            {
                if (TaskLineGrammar.TryParse(t) is { } parsedTask)
                {
                    task = parsedTask;
                    continue;
                }
            }
            if (hardware is null && first == 'H' && trimmed.StartsWith("Hardware name:", StringComparison.Ordinal))
            {
                // A fleet's machines share a few hardware names: one string each (NameCache), not one per report.
                hardware = NameCache.Tokens.Get(trimmed["Hardware name:".Length..].Trim());
                continue;
            }
            if (modules.IsEmpty && first == 'M' && trimmed.StartsWith("Modules linked in:", StringComparison.Ordinal))
            {
                modules = ParseModules(trimmed["Modules linked in:".Length..]);
                continue;
            }
            if (line.Has(LineFacts.StackKeyword))
            {
                if (riscvStartOnly && frames.Count == 0)
                {
                    riscvStartOnly = false;
                    continue;
                }
                // kernel/rcu/tree_stall.h: "RCU grace-period kthread stack dump:" introduces another task's stack, never
                // where the stalled CPU was.
                if (inTrace || traceDone || t.Contains("kthread stack dump:", StringComparison.Ordinal) || t.Contains("GP kthread last ran:", StringComparison.Ordinal))
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
            if (!inTrace && !traceDone && first == 's' && ReportLineKinds.IsRiscvRegistersEnd(trimmed))
            {
                // arch/riscv: dump_backtrace() prints a kernel trap's frames right after __show_regs()'s last line
                // ("status: … badaddr: … cause: …"), with no "Call Trace:" heading (syzkaller's riscvSpecialStackStart).
                RegisterGrammar.TryParse(t, registers);
                inTrace = true;
                riscvStartOnly = true;
                continue;
            }
            if (!inTrace && !traceDone && first == '[' && t.Contains(") from [<", StringComparison.Ordinal))
            {
                // arm's unwinder: "[<c0012345>] (callee) from [<c0023456>] (caller+0x1c/0x40)" frames with no heading
                // (arch/arm/kernel/traps.c prints the address first).
                inTrace = true;
            }
            if (inTrace)
            {
                // s390's "Last Breaking-Event-Address:" names the source of the last branch taken, not a caller.
                if (first is '-' or 'K' or 'M' or 'L'
                    && (trimmed.StartsWith("---[", StringComparison.Ordinal) || trimmed.StartsWith("Kernel panic", StringComparison.Ordinal)
                        || trimmed.StartsWith("Modules linked in", StringComparison.Ordinal)
                        || trimmed.StartsWith("Last Breaking-Event-Address:", StringComparison.Ordinal)))
                {
                    inTrace = false;
                    traceDone = true;
                }
                else if (frames.Count < MaxFrames && parsed.TryFrameOfReportLine(index, out ParsedFrame f))
                {
                    if (lastArmCaller is not null && f.Symbol.Function != lastArmCaller)
                    {
                        frames.Add(new StackFrame(lastArmCaller, null, null, null, true));
                    }
                    frames.Add(new StackFrame(f.Symbol.Function, f.Symbol.Offset, f.Symbol.Size, f.Symbol.Module, f.Reliable));
                    // arm: "(callee) from (caller+0x…)": the caller is the next line's callee, or a frame of its own when
                    // the trace (or the excerpt) ends there.
                    lastArmCaller = FrameGrammar.ArmCaller(t);
                }
                continue;
            }
            if (!traceDone && ReportLineKinds.MayBeRegisters(trimmed))
            {
                // A line that is not registers from end to end adds nothing.
                RegisterGrammar.TryParse(t, registers);
            }
        }
        if (lastArmCaller is not null && frames.Count < MaxFrames)
        {
            frames.Add(new StackFrame(lastArmCaller, null, null, null, true));
        }
        if (ip is null && bareAddress is not null)
        {
            ip = new InstructionPointer(bareAddress, null, null, null, null);
        }
        return new ReportFields(ip, ImmutableArray.Create(CollectionsMarshal.AsSpan(frames)), parsed.RegistersOf(registers),
            new KernelInfo(task?.Release, task?.Tainted), task is { } p ? new TaskInfo(p.Cpu, p.Pid, p.Comm) : null, hardware, modules) with { IpNamesNoSymbol = ipNamesNoSymbol && ip?.Function is null };
    }

    // "Modules linked in: ext4(E) mbcache jbd2 [last unloaded: foo]": the names, each read through the name cache
    // (a production kernel lists a hundred modules in every report, the same hundred each time).
    private static ImmutableArray<string> ParseModules(ReadOnlySpan<char> list)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (Range r in list.Split(' '))
        {
            ReadOnlySpan<char> word = list[r];
            if (word.IsEmpty)
            {
                continue;
            }
            if (word[0] == '[')
            {
                break; // "[last unloaded: foo]"
            }
            int paren = word.IndexOf('(');
            ReadOnlySpan<char> name = paren > 0 ? word[..paren] : word;
            if (!name.IsEmpty && !name.ContainsAnyExcept(ModuleNameChars))
            {
                names.Add(NameCache.Modules.Get(name));
            }
        }
        return names.ToImmutable();
    }

    // "%pS" of an address kallsyms cannot name: "0x" and hex digits to the end of the line (arm's and i386's "… is at
    // 0x…", x86's "RIP: 0010:0x…").
    private static bool NamesNoSymbol(ReadOnlySpan<char> trimmed)
    {
        int at = trimmed.StartsWith("PC is at 0x", StringComparison.Ordinal) || trimmed.StartsWith("EIP is at 0x", StringComparison.Ordinal)
            ? trimmed.IndexOf("0x", StringComparison.Ordinal)
            : trimmed.StartsWith("RIP: ", StringComparison.Ordinal) && trimmed.Length > 10 && trimmed[9] == ':' && trimmed[10..].StartsWith("0x", StringComparison.Ordinal) ? 10 : -1;
        if (at < 0)
        {
            return false;
        }
        ReadOnlySpan<char> hex = trimmed[(at + 2)..].TrimEnd();
        return !hex.IsEmpty && !hex.ContainsAnyExcept(HexDigits);
    }
}
