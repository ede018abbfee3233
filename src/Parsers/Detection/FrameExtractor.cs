using System.Collections.Immutable;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection;

/// <summary>Runs a rule's <see cref="StackSpec"/> over a report's lines and returns the candidate frames, in order,
/// with the skipped (blameless) functions left out.</summary>
internal static class FrameExtractor
{
    public static List<string> Candidates(StackSpec spec, string[] captures, ReportView view)
    {
        // The first-frame picker looks at one candidate only: reading on would be wasted work.
        int wanted = spec.Picker == FramePicker.First ? 1 : int.MaxValue;
        List<string> frames = Run(spec.Parts, captures, view, spec, wanted);
        if (frames.Count == 0 && !spec.Alternative.IsEmpty)
        {
            frames = Run(spec.Alternative, captures, view, spec, wanted);
        }
        if (frames.Count == 0 && !spec.LastResort.IsEmpty)
        {
            frames = Run(spec.LastResort, captures, view, spec, wanted);
        }
        if (frames.Count > 0 && frames[0].StartsWith("kunit_", StringComparison.Ordinal) && KunitTestCase(view) is { } test)
        {
            // lib/kunit/test.c: kunit_try_run_case() calls the test case (test_case->run_case(test)). A report that reaches
            // the runner before any blameable frame was raised by the test itself, whose name often holds allocator
            // words the skip list never blames (kmalloc_oob_right, test_kmalloc_aligned_oob_write): the test is guilty.
            frames[0] = test;
        }
        return frames;
    }

    /// <summary>The function KUnit's runner called: the frame just below <c>kunit_try_run_case</c> in the trace.</summary>
    private static string? KunitTestCase(ReportView view)
    {
        string? previous = null;
        for (int i = 1; i < view.Count; i++)
        {
            if (!view.TryFrame(i, out ParsedFrame f) || !f.Reliable)
            {
                continue;
            }
            string function = f.Symbol.Function;
            if (function == "kunit_try_run_case")
            {
                return previous;
            }
            // arm: "[<pc>] (test) from [<pc>] (kunit_try_run_case+0x…)".
            if (f.Symbol.Offset is null && ArmCaller(view[i]) == "kunit_try_run_case")
            {
                return function;
            }
            previous = function;
        }
        return null;
    }

    private static List<string> Run(ImmutableArray<FramePart> parts, string[] captures, ReportView view, StackSpec spec, int wanted)
    {
        var frames = new List<string>();
        bool Add(string? function, bool unfiltered = false)
        {
            if (!string.IsNullOrEmpty(function) && (unfiltered || !FrameFilters.IsSkipped(spec, function)))
            {
                frames.Add(function);
                return true;
            }
            return false;
        }

        int i = 1;
        foreach (FramePart part in parts)
        {
            if (frames.Count >= wanted)
            {
                break;
            }
            switch (part)
            {
                case FramePart.HeaderFunction h:
                    Add(h.Capture < captures.Length ? captures[h.Capture] : null);
                    break;
                case FramePart.InstructionPointer:
                    for (; i < view.Count; i++)
                    {
                        if (!ReportLineKinds.MayBeInstructionPointer(view[i]))
                        {
                            continue;
                        }
                        ParsedInstructionPointer? r = InstructionPointerGrammar.TryParse(view[i]);
                        // A register dump line ("NIP:  c000… LR: c000…") names no code: the symbol line follows.
                        if (r is { } parsed && (parsed.Symbol is not null || NamesUnsymbolizedAddress(view[i])))
                        {
                            Add(parsed.Symbol?.Function);
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.InterruptedAt:
                    for (; i < view.Count; i++)
                    {
                        ReadOnlySpan<char> t = view[i];
                        int at = t.IndexOf("--- interrupt: ", StringComparison.Ordinal);
                        int func = at < 0 ? -1 : t[at..].IndexOf(" at ", StringComparison.Ordinal) is >= 0 and var after ? at + after : -1;
                        if (func > 0 && SymbolAt(t, func + 4) is { } interrupted)
                        {
                            Add(interrupted);
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.TraceHeader:
                    for (; i < view.Count; i++)
                    {
                        if (view.Has(i, LineFacts.MentionsTrace) && IsTraceHeader(view[i]))
                        {
                            i++;
                            break;
                        }
                        if (IsHeaderlessArmFrame(view, i))
                        {
                            break; // the trace starts on this very line
                        }
                    }
                    break;
                case FramePart.LineWhere w:
                    for (; i < view.Count; i++)
                    {
                        if (w.Predicate(view[i]))
                        {
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.Marker m:
                    for (; i < view.Count; i++)
                    {
                        if (view[i].Contains(m.Text, StringComparison.Ordinal))
                        {
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.SymbolAfter s:
                    for (; i < view.Count; i++)
                    {
                        ReadOnlySpan<char> t = view[i];
                        int at = t.IndexOf(s.Text, StringComparison.Ordinal);
                        if (at >= 0 && SymbolAt(t, at + s.Text.Length, s.Bare) is { } function)
                        {
                            Add(function, s.Unfiltered);
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.Stack:
                    // arm: the caller named by the last "(callee) from (caller)" line is a frame of its own.
                    string? armCaller = null;
                    for (; i < view.Count && frames.Count < wanted; i++)
                    {
                        ReadOnlySpan<char> t = view[i];
                        if (armCaller is not null && !view.TryFrame(i, out _))
                        {
                            Add(armCaller);
                            armCaller = null;
                        }
                        if (view.Has(i, LineFacts.StackKeyword))
                        {
                            i++;
                            break;
                        }
                        bool isFrame = view.TryFrame(i, out ParsedFrame f);
                        if (isFrame && f.Reliable && f.Symbol.Function.StartsWith("should_fail", StringComparison.Ordinal))
                        {
                            // Fault injection's stack is interleaved with the report: what follows is not its stack. Only a
                            // frame of its own says so: "? should_fail+0x…" is a stale address the unwinder found on the
                            // stack (as syzkaller's corruptedLines, which match " should_fail+0x" after the address only).
                            return frames;
                        }
                        if (isFrame && f.Reliable)
                        {
                            if (f.Symbol.Offset is not null)
                            {
                                Add(f.Symbol.Function);
                            }
                            else if (ArmCaller(t) is { } caller)
                            {
                                // arm: "[<pc>] (callee) from [<pc>] (caller+0x…)": the callee has no offset of its own.
                                if (Add(f.Symbol.Function))
                                {
                                    armCaller = caller;
                                }
                                else
                                {
                                    Add(caller);
                                    armCaller = null;
                                }
                            }
                        }
                    }
                    if (armCaller is not null && frames.Count < wanted)
                    {
                        Add(armCaller);
                    }
                    break;
            }
        }
        return frames;
    }

    // An instruction-pointer line that says where the CPU was though no symbol names it: x86's "RIP: 0010:0x0",
    // "(null)", arm's "PC is at 0xdeadbeef", i386's "EIP is at 0x…", s390's "Krnl PSW : … (0x2)", and 2.6.2x–4.x
    // x86's printk_address() form "IP: [<00000000751c5006>] 0x751c5006" (" [<%p>] %pB", where %pB prints "0x%lx" for
    // an address kallsyms cannot name): the frames of the call trace are then the ones to read.
    private static bool NamesUnsymbolizedAddress(ReadOnlySpan<char> t) =>
        t.Contains(":0x", StringComparison.Ordinal) || t.Contains("(null)", StringComparison.Ordinal)
        || t.Contains(" is at 0x", StringComparison.Ordinal) || t.Contains(" (0x", StringComparison.Ordinal)
        || t.Contains("] 0x", StringComparison.Ordinal);

    private static bool IsTraceHeader(ReadOnlySpan<char> t) =>
        t.Contains("Call Trace:", StringComparison.Ordinal) || t.Contains("Call trace:", StringComparison.Ordinal)
        || t.Contains("Backtrace:", StringComparison.Ordinal);

    private static string? ArmCaller(ReadOnlySpan<char> t) => FrameGrammar.ArmCaller(t);

    // arm since 5.x with the ARM unwinder: dump_backtrace() goes straight to unwind_backtrace(), whose entries
    // ("%s %ps from %pS\n", dump_backtrace_entry() in arch/arm/kernel/traps.c) follow no "Backtrace:" or "Call trace:"
    // line: the first such entry starts the trace. The frame-pointer unwinder's "[<pc>] (x) from [<pc>] (y+0x…)" has
    // its "Backtrace:" line and is not taken here.
    private static bool IsHeaderlessArmFrame(ReportView view, int i) =>
        view.TryFrame(i, out ParsedFrame f) && f.Reliable && f.Symbol.Offset is null
        && !view[i].Contains("[<", StringComparison.Ordinal) && ArmCaller(view[i]) is not null;

    // "at: [<ffffffff81>] func+0x1/0x2" or "at: func+0x1/0x2" or "] func+0x…": the function named there; with bare, a %ps name.
    private static string? SymbolAt(ReadOnlySpan<char> text, int start, bool bare = false)
    {
        ReadOnlySpan<char> s = text[start..].TrimStart();
        if (s.StartsWith("[<") || (s.Length > 0 && s[0] == '['))
        {
            int close = s.IndexOf(']');
            if (close < 0)
            {
                return null;
            }
            s = s[(close + 1)..].TrimStart();
        }
        int end = 0;
        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_'))
        {
            end++;
        }
        // A function reference is followed by its offset or a GCC clone suffix, or (scripts/decode_stacktrace.sh of 3.16–4.x,
        // which replaced "func+0x…/0x…" by "func (file.c:line)") by its source line in parentheses.
        bool followed = end < s.Length ? s[end] is '+' or '.' || (bare && s[end] == ' ') || DecodedSource(s[end..]) : bare;
        return end > 0 && followed ? s[..end].ToString() : null;
    }

    // " (mm/shmem.c:1289)", " (./arch/x86/include/asm/current.h:14 kernel/locking/lockdep.c:3602)": a source file and line.
    private static bool DecodedSource(ReadOnlySpan<char> s)
    {
        if (!s.StartsWith(" (", StringComparison.Ordinal) || s.IndexOf(')') is var close && close < 0)
        {
            return false;
        }
        ReadOnlySpan<char> inside = s[2..close];
        int colon = inside.IndexOf(':');
        return colon > 2 && inside[colon - 2] == '.' && colon + 1 < inside.Length && char.IsAsciiDigit(inside[colon + 1]);
    }
}
