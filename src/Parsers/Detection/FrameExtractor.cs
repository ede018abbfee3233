using Pidgin;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection;

/// <summary>Runs a rule's <see cref="StackSpec"/> over a report's lines and returns the candidate frames, in order,
/// with the skipped (blameless) functions left out.</summary>
internal static class FrameExtractor
{
    public static List<string> Candidates(StackSpec spec, string[] captures, List<string> view)
    {
        IEnumerable<string> skip = spec.Skip.IsEmpty ? FrameFilters.Common : FrameFilters.Common.Concat(spec.Skip);
        List<string> frames = Run(spec.Parts, captures, view, skip);
        if (frames.Count == 0 && !spec.Alternative.IsEmpty)
        {
            frames = Run(spec.Alternative, captures, view, skip);
        }
        return frames;
    }

    private static List<string> Run(IEnumerable<FramePart> parts, string[] captures, List<string> view, IEnumerable<string> skip)
    {
        var frames = new List<string>();
        void Add(string? function)
        {
            if (!string.IsNullOrEmpty(function) && !FrameFilters.Matches(function, skip))
            {
                frames.Add(function);
            }
        }

        int i = 1;
        foreach (FramePart part in parts)
        {
            switch (part)
            {
                case FramePart.HeaderFunction h:
                    Add(h.Capture < captures.Length ? captures[h.Capture] : null);
                    break;
                case FramePart.InstructionPointer:
                    for (; i < view.Count; i++)
                    {
                        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(view[i]);
                        if (r.Success)
                        {
                            Add(r.Value.Symbol?.Function);
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
                        int at = view[i].IndexOf(s.Text, StringComparison.Ordinal);
                        if (at >= 0 && SymbolAt(view[i], at + s.Text.Length) is { } function)
                        {
                            Add(function);
                            i++;
                            break;
                        }
                    }
                    break;
                case FramePart.Stack:
                    for (; i < view.Count; i++)
                    {
                        string t = view[i];
                        if (ReportLineKinds.IsStackKeyword(t))
                        {
                            i++;
                            break;
                        }
                        if (t.Contains("should_fail", StringComparison.Ordinal) && ReportLineKinds.TryFrame(t, out ParsedFrame injected)
                            && injected.Symbol.Function.StartsWith("should_fail", StringComparison.Ordinal))
                        {
                            // Fault injection's stack is interleaved with the report: what follows is not its stack.
                            return frames;
                        }
                        if (ReportLineKinds.TryFrame(t, out ParsedFrame f) && f.Reliable && f.Symbol.Offset is not null)
                        {
                            Add(f.Symbol.Function);
                        }
                    }
                    break;
            }
        }
        return frames;
    }

    // "at: [<ffffffff81>] func+0x1/0x2" or "at: func+0x1/0x2" or "] func+0x…": the function named there.
    private static string? SymbolAt(string text, int start)
    {
        ReadOnlySpan<char> s = text.AsSpan(start).TrimStart();
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
        // A function reference is followed by its offset or a GCC clone suffix.
        return end > 0 && end < s.Length && s[end] is '+' or '.' ? s[..end].ToString() : null;
    }
}
