using System.Buffers;
using System.Collections.Frozen;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection;

/// <summary>Cheap questions about one message text inside a report.</summary>
internal static class ReportLineKinds
{
    private static readonly string[] StructuralStarts =
    [
        "Call Trace", "Call trace", "RIP:", "EIP:", "RSP:", "ESP:", "Code:", "CR2:", "Modules linked in", "CPU:", "Pid:", "Hardware name",
        "Workqueue:", "---[", "===", "Memory state", "The buggy address", "Allocated by", "Freed by", "Last potentially",
        "Second to last", "page:", "flags:", "raw:", "page dumped", "page_owner", "pc :", "lr :", "sp :", "PC is at", "LR is at",
        "NIP", "LR ", "GPR", "MSR", "epc", "status:", "Krnl", "Kernel panic", "Kernel Offset", "Showing all locks", "stack backtrace",
        "task:", "INFO: lockdep", "irq event stamp", "hardirqs", "softirqs", "other info", "Possible unsafe", "*** DEADLOCK",
        "the existing dependency chain", "-> #", "Chain exists", "Sending NMI", "NMI backtrace", "Backtrace:", "Internal error",
        "Process ", "Stack:", "Exception stack", "Instruction dump", "Oops", "#PF:", "PGD ", "Faulting instruction",
        "BUG:", "WARNING:", "RAX:", "RBX:", "RDX:", "RBP:", "R10:", "R13:", "FS:", "CS:", "DR", "PKRU:", "EAX:", "ESI:", "DS:",
        "Mem abort info", "Data abort info", "ESR", "FAR", "Hardware name", "sysrq:", "Kdump", "kdump",
    ];

    // Every word a trace keyword or a trace mention contains: one vectorized search turns away the lines that have none.
    internal static readonly string[] TraceWordList =
    [
        "Call Trace", "Call trace", "Allocated", "Freed", "backtrace", "Backtrace", "Uninit was stored",
        // KFENCE's access and allocation/free stacks, and the RCU kthread's stack (another task's).
        "(in kfence-#", "allocated by task ", "freed by task ", "kthread stack dump:", "GP kthread last ran:",
    ];
    private static readonly SearchValues<string> TraceWords = SearchValues.Create(TraceWordList, StringComparison.Ordinal);

    // StructuralStarts by first character, so a line is compared only with the starts it could have.
    private static readonly FrozenDictionary<char, string[]> StructuralStartsByFirstChar =
        StructuralStarts.GroupBy(s => s[0]).ToFrozenDictionary(g => g.Key, g => g.ToArray());

    /// <summary>riscv's last register line, after which a kernel trap's frames follow with no "Call Trace:".</summary>
    // arch/riscv/kernel/process.c show_regs(): __show_regs() ends with "status: %016lx badaddr: %016lx cause: %016lx" and,
    // for a kernel-mode trap, dump_backtrace() prints the frames right after it with no "Call Trace:" line (only
    // show_stack() prints one); syzkaller's riscvSpecialStackStart reads the stack from the same line. Its regular
    // expression is not anchored, so the line counts wherever it stands: a report quoted with an indent (commit messages
    // indent every line of it) still has its stack.
    public static bool IsRiscvRegistersEnd(ReadOnlySpan<char> t)
    {
        int status = t.IndexOf("status: ", StringComparison.Ordinal);
        if (status < 0)
        {
            return false;
        }
        ReadOnlySpan<char> rest = t[status..];
        int badaddr = rest.IndexOf(" badaddr: ", StringComparison.Ordinal);
        return badaddr > 0 && rest[badaddr..].Contains(" cause: ", StringComparison.Ordinal);
    }

    /// <summary>The line holds a word of a trace keyword ("Call Trace", "Allocated", "backtrace", …); false means
    /// <see cref="IsStackKeyword"/> and every other trace test is false too.</summary>
    public static bool MentionsTrace(ReadOnlySpan<char> text) => text.ContainsAny(TraceWords);

    /// <summary>"Call Trace:", "Allocated by task 1:", "Freed by task 1:", " backtrace:" (not "stack backtrace:").</summary>
    public static bool IsStackKeyword(ReadOnlySpan<char> text) => MentionsTrace(text) && IsStackKeywordExactly(text);

    /// <summary><see cref="IsStackKeyword"/> for a line already known to <see cref="MentionsTrace"/>.</summary>
    internal static bool IsStackKeywordExactly(ReadOnlySpan<char> text) =>
        text.Contains("Call Trace", StringComparison.Ordinal) || text.Contains("Call trace:", StringComparison.Ordinal)
        || text.Contains("Allocated by task", StringComparison.Ordinal) || text.Contains("Freed by task", StringComparison.Ordinal)
        // mm/slub.c print_track(): "INFO: Allocated in F+0x…/0x… age=… cpu=… pid=…" then the allocation's stack, 2.6.x–4.x.
        || text.StartsWith("INFO: Allocated in ", StringComparison.Ordinal) || text.StartsWith("INFO: Freed in ", StringComparison.Ordinal)
        || text.StartsWith("Allocated:", StringComparison.Ordinal) || text.StartsWith("Freed:", StringComparison.Ordinal)
        || (text.Contains(" backtrace:", StringComparison.Ordinal) && !text.Contains("stack backtrace:", StringComparison.Ordinal))
        || text.StartsWith("backtrace:", StringComparison.Ordinal) || text.Contains("Backtrace:", StringComparison.Ordinal)
        || text.Contains("Uninit was stored to memory at", StringComparison.Ordinal)
        // mm/kfence/report.c: "Use-after-free read at 0x… (in kfence-#52):", then "allocated by task 1 on cpu 0 at …:".
        || text.Contains("(in kfence-#", StringComparison.Ordinal) || text.StartsWith("allocated by task ", StringComparison.Ordinal)
        || text.StartsWith("freed by task ", StringComparison.Ordinal)
        // kernel/rcu/tree_stall.h: another task's stack (the RCU grace-period kthread), not the stalled CPU's.
        || text.Contains("kthread stack dump:", StringComparison.Ordinal) || text.Contains("GP kthread last ran:", StringComparison.Ordinal);

    /// <summary>A call-trace line, parsed.</summary>
    public static bool TryFrame(ReadOnlySpan<char> text, out ParsedFrame frame)
    {
        frame = default;
        // A line starting with '<' may be a pre-2.6.18 x86_64 brace frame (BraceFrame); the fast path has no such family.
        ReadOnlySpan<char> lead = text.TrimStart();
        if (!lead.IsEmpty && lead[0] == '<' && BraceFrame.TryParse(lead, out SymbolReference brace))
        {
            frame = new ParsedFrame(brace, Reliable: true);
            return true;
        }
        // The fast path decides most lines on its own; the substring pre-filter below only guards the grammar.
        switch (FrameFastPath.TryRead(text, out ParsedFrame common))
        {
            case FastPathOutcome.NotThisFamily:
                return false;
            case FastPathOutcome.Read:
                frame = FrameGrammar.WithUnreliableSuffix(text, common);
                return true;
        }
        if (!MayBeFrame(text))
        {
            return false;
        }
        if (FrameGrammar.TryParse(text.ToString()) is not { } parsed)
        {
            return false;
        }
        frame = parsed;
        return true;
    }

    /// <summary>Does this line look like part of a crash report (rather than ordinary logging)?</summary>
    public static bool IsStructural(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return false;
        }
        char c = text[0];
        if (c is ' ' or '\t' or '<' or '[' or '(' or '>' or '#' or '*' or '-' or '=' or '?')
        {
            return true;
        }
        if (StructuralStartsByFirstChar.TryGetValue(c, out string[]? starts))
        {
            foreach (string s in starts)
            {
                if (text.StartsWith(s, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return MayBeFrame(text) || (MayBeRegisters(text) && RegisterGrammar.TryParse(text, null));
    }

    /// <summary>Every frame shape holds one of these: the grammar only sees lines that might be frames.</summary>
    public static bool MayBeFrame(ReadOnlySpan<char> text) =>
        text.Length >= 3 && (text.Contains("+0x", StringComparison.Ordinal) || text.Contains(") from", StringComparison.Ordinal)
                             || text.Contains("[inline]", StringComparison.Ordinal));

    /// <summary>The line starts with an instruction-pointer label (RIP:, EIP, IP:, pc :, PC is at, NIP, epc, Krnl PSW).</summary>
    public static bool MayBeInstructionPointer(ReadOnlySpan<char> text) => MayBeInstructionPointerTrimmed(text.TrimStart());

    /// <summary><see cref="MayBeInstructionPointer"/> of a text without its leading blanks. Asked of every line of a
    /// report until its instruction pointer is found, so the first character picks the labels to compare.</summary>
    public static bool MayBeInstructionPointerTrimmed(ReadOnlySpan<char> t) => !t.IsEmpty && t[0] switch
    {
        'R' => t.StartsWith("RIP:"),
        'E' => t.StartsWith("EIP"),
        'I' => t.StartsWith("IP:"),
        'p' => t.StartsWith("pc ") || t.StartsWith("pc:"),
        'P' => t.StartsWith("PC is at"),
        'N' => t.StartsWith("NIP"),
        'e' => t.StartsWith("epc"),
        'K' => t.StartsWith("Krnl PSW"),
        _ => false,
    };

    /// <summary>A register dump names a register (at most 8 characters) before its first colon.</summary>
    public static bool MayBeRegisters(ReadOnlySpan<char> text)
    {
        int colon = text.IndexOf(':');
        return colon > 0 && colon <= 10;
    }
}
