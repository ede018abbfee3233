using Pidgin;
using static Pidgin.Parser;
using static SolWatch.Parsers.Grammar.Lexemes;

namespace SolWatch.Parsers.Grammar;

/// <summary>One line of a call trace, in the forms of every architecture and era:
/// <code>
///  ? do_syscall_64+0x35/0x80 [ext4]              x86_64 (4.15+), arm64, riscv
///  [&lt;ffffffff8123&gt;] ? vfs_write+0x1a/0x30          x86 before ORC, riscv, arm64 (old)
///  [c0000000eff4fb40] [c000000000123456] .func+0x1c/0x20 (unreliable)   powerpc
///  [&lt;c0123456&gt;] (func+0x1c/0x20) from [&lt;c0654321&gt;] (caller+0x10/0x20)  arm
///  ([&lt;000000000011d6be&gt;] show_trace+0x8e/0xe0)    s390
///  __dump_stack lib/dump_stack.c:77 [inline]      symbolized (syzkaller)
/// </code></summary>
internal static class FrameGrammar
{
    // Every sub-parser is a static field: a parser written inline in a query expression's later clauses would be
    // rebuilt on every line parsed.
    private static readonly Parser<char, Maybe<string>> OptionalModule = Try(Space1.Then(Module)).Optional();
    private static readonly Parser<char, Maybe<char>> OptionalCloseParen = Char(')').Optional();
    private static readonly Parser<char, Maybe<char>> OptionalOpenParen = Char('(').Optional();
    // "Ý<addr>¨": the brackets of an s390 console in IBM-1047 shown as IBM-037 (see FrameFastPath).
    private static readonly Parser<char, string> EbcdicBracketedAddress =
        Char('\u00DD').Then(Char('<')).Then(HexWithPrefix).Before(Char('>')).Before(Char('\u00A8'));
    private static readonly Parser<char, Unit> LeadingAddresses = Try(OneOf(BracketedAddress, EbcdicBracketedAddress).Before(Spaces)).SkipMany();
    private static readonly Parser<char, Maybe<Unit>> Questionable = Try(Char('?').Then(Space1)).Optional();

    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> WithOffset =
        from os in OffsetSize
        from close in OptionalCloseParen
        from module in OptionalModule
        select ((long?)os.Offset, (long?)os.Size, module.HasValue ? module.Value : null);

    // "func lib/file.c:77 [inline]": an inlined frame from a symbolized report.
    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> Inlined =
        Space1.Then(SourceLocation).Then(Space1).Then(String("[inline]")).ThenReturn(((long?)null, (long?)null, (string?)null));

    // arm since 5.x: "(func) from [<...>] (caller+0x...)" — no offset for the callee.
    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> ArmCallee =
        Char(')').Then(Space1).Then(String("from")).ThenReturn(((long?)null, (long?)null, (string?)null));

    // scripts/decode_stacktrace.sh replaces "func+0x1c/0x40" with "func (lib/file.c:107)": a pasted, decoded trace. An address
    // inside inlined code gives one location per inlining level, which the script joins with spaces on the same line:
    // "do_one_initcall (./include/linux/jump_label.h:261 init/main.c:1296)".
    // Its locations are files with an extension ("(1:2)" is no location).
    private static readonly Parser<char, string> DecodedLocation =
        SourceLocation.Assert(path => path.Length > 1 && path.IndexOf('.', 1) > 0, "a source file and line");

    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> Decoded =
        Space1.Then(Char('(')).Then(DecodedLocation.SeparatedAtLeastOnce(Char(' '))).Then(Char(')'))
            .ThenReturn(((long?)null, (long?)null, (string?)null));

    // arm since 5.19 (arch/arm/kernel/traps.c dump_backtrace_entry(): " %ps from %pS"): "func from caller+0x10/0x14".
    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> ArmBareCallee =
        Space1.Then(String("from")).Then(Space1).Then(SymbolName).Then(OffsetSize).ThenReturn(((long?)null, (long?)null, (string?)null));

    private static readonly Parser<char, (long? Offset, long? Size, string? Module)> AfterSymbol =
        OneOf(Try(WithOffset), Try(Inlined), Try(ArmCallee), Try(ArmBareCallee), Try(Decoded));

    /// <summary>The caller an arm unwinder line names after its callee: <c>[&lt;pc&gt;] (callee) from [&lt;pc&gt;] (caller+0x…)</c>
    /// (2.6.x–5.18) or <c>callee from caller+0x…</c> (5.19+). Null for any other line.</summary>
    public static string? ArmCaller(ReadOnlySpan<char> t)
    {
        // Both forms hold " from ": the frames of every other architecture leave after this one search (it is asked of
        // every frame of every report).
        if (!t.Contains(" from ", StringComparison.Ordinal))
        {
            return null;
        }
        int from = t.IndexOf(") from [", StringComparison.Ordinal);
        if (from >= 0)
        {
            int open = t[from..].IndexOf("] (", StringComparison.Ordinal);
            return open < 0 ? null : CallerName(t[(from + open + 3)..]);
        }
        from = t.IndexOf(" from ", StringComparison.Ordinal);
        return from > 0 && t[..from].Trim().IndexOfAny(' ', '(', '[') < 0 ? CallerName(t[(from + 6)..]) : null;
    }

    // "caller+0x1c/0x40 [module]": the name, when an offset follows it.
    private static string? CallerName(ReadOnlySpan<char> s)
    {
        s = s.TrimStart();
        int plus = s.IndexOf("+0x", StringComparison.Ordinal);
        return plus > 0 && s[..plus].IndexOfAny(' ', '(', ')') < 0 ? s[..plus].ToString() : null;
    }

    /// <summary>Parses a frame line's message text. A powerpc frame ending in "(unreliable)" parses as reliable here:
    /// <see cref="TryParse"/> applies that suffix.</summary>
    public static readonly Parser<char, ParsedFrame> Line =
        Map((question, name, tail) => new ParsedFrame(new SymbolReference(name, tail.Offset, tail.Size, tail.Module), Reliable: !question.HasValue),
                Spaces.Then(OptionalOpenParen).Then(LeadingAddresses).Then(Questionable),
                OptionalOpenParen.Then(SymbolName),
                AfterSymbol)
            .Labelled("stack frame");

    /// <summary>Parses a frame line, with powerpc's "(unreliable)" suffix taken into account; null when it is no frame.
    /// The common shape is read by <see cref="FrameFastPath"/>; the grammar takes every other.</summary>
    public static ParsedFrame? TryParse(string text)
    {
        ParsedFrame frame;
        FastPathOutcome fast = FrameFastPath.TryRead(text, out ParsedFrame common);
        if (fast == FastPathOutcome.NotThisFamily)
        {
            return null;
        }
        if (fast == FastPathOutcome.Read)
        {
            frame = common;
        }
        else
        {
            Result<char, ParsedFrame> r = Line.Parse(text);
            if (!r.Success)
            {
                return null;
            }
            frame = r.Value;
        }
        return WithUnreliableSuffix(text, frame);
    }

    /// <summary>powerpc marks a frame it is unsure of with a trailing "(unreliable)" (arch/powerpc show_stack() appends
    /// it to the first frame whose return address is not the saved link register). Blanks after it are the carrier's
    /// (a serial console's or a paste's padding, never the kernel's), so they do not hide the mark.</summary>
    /// <remarks>Asked of every frame line: most end in a printable character other than ')', which no blank follows and
    /// no mark ends, and are answered from it alone (TrimEnd on each line cost a crash-dense scan 0.2 % of its
    /// instructions).</remarks>
    public static ParsedFrame WithUnreliableSuffix(ReadOnlySpan<char> text, ParsedFrame frame) =>
        text.IsEmpty || text[^1] is > ' ' and < '\x7f' and not ')'
        || !text.TrimEnd().EndsWith("(unreliable)", StringComparison.Ordinal)
            ? frame
            : frame with { Reliable = false };
}

/// <summary>A parsed call-trace line.</summary>
internal readonly record struct ParsedFrame(SymbolReference Symbol, bool Reliable);
