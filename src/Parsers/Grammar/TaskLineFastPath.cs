using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads today's task line — <c>CPU: 0 [UID: 0 ]PID: 91 Comm: sh Tainted: G   OE  6.1.0-56-amd64 #1 …</c> — without
/// <see cref="TaskLineGrammar"/> (see <see cref="FastPathOutcome"/>). Lines with tabs, the old <c>Pid:</c> form
/// and any other deviation go to the grammar.
/// </summary>
internal static class TaskLineFastPath
{
    private const string KdumpLoaded = "Kdump: loaded";

    public static FastPathOutcome TryRead(ReadOnlySpan<char> s, out ParsedTask task)
    {
        task = default;
        if (s.Contains('\t'))
        {
            return FastPathOutcome.Unsure;
        }
        int i = SkipBlanks(s, 0);
        if (!TryNumberField(s, ref i, "CPU:", out int cpu))
        {
            return FastPathOutcome.Unsure;
        }
        int afterCpu = i;
        if (!Blank(s, ref i) || !TryNumberField(s, ref i, "UID:", out _))
        {
            i = afterCpu;
        }
        if (!Blank(s, ref i) || !TryNumberField(s, ref i, "PID:", out int pid) || !Blank(s, ref i)
            || !s[i..].StartsWith("Comm:", StringComparison.Ordinal))
        {
            return FastPathOutcome.Unsure;
        }
        i = SkipBlanks(s, i + "Comm:".Length);
        int commStart = i;
        while (i < s.Length && s[i] != ' ')
        {
            i++;
        }
        if (i == commStart)
        {
            return FastPathOutcome.Unsure;
        }
        string comm = new(s[commStart..i]);

        // RHEL: "Kdump: loaded" between the command and the taint.
        int beforeKdump = i;
        bool kdumpBeforeTaint = Blank(s, ref i) && s[i..].StartsWith(KdumpLoaded, StringComparison.Ordinal);
        i = kdumpBeforeTaint ? i + KdumpLoaded.Length : beforeKdump;

        string? tainted = null;
        int afterComm = i;
        if (Blank(s, ref i))
        {
            if (s[i..].StartsWith("Not tainted", StringComparison.Ordinal))
            {
                tainted = string.Empty;
                i += "Not tainted".Length;
            }
            else if (s[i..].StartsWith("Tainted:", StringComparison.Ordinal))
            {
                i += "Tainted:".Length;
                var flags = new System.Text.StringBuilder();
                while (i < s.Length && (char.IsAsciiLetterUpper(s[i]) || s[i] is ' ' or '-'))
                {
                    if (s[i] is not (' ' or '-' or 'G'))
                    {
                        flags.Append(s[i]);
                    }
                    i++;
                }
                tainted = flags.ToString();
            }
            else
            {
                i = afterComm;
            }
        }

        i = SkipBlanks(s, i);
        int releaseStart = i;
        while (i < s.Length && s[i] != ' ')
        {
            i++;
        }
        string? release = i == releaseStart ? null : new string(s[releaseStart..i]);
        bool kdumpLoaded = kdumpBeforeTaint || s[i..].Contains(KdumpLoaded, StringComparison.Ordinal);
        task = new ParsedTask(cpu, pid, comm, tainted, release, kdumpLoaded);
        return FastPathOutcome.Read;
    }

    // "LABEL" blanks digits
    private static bool TryNumberField(ReadOnlySpan<char> s, ref int i, string label, out int value)
    {
        value = 0;
        if (!s[i..].StartsWith(label, StringComparison.Ordinal))
        {
            return false;
        }
        int at = SkipBlanks(s, i + label.Length);
        int digits = DigitRun(s, at);
        if (digits == 0)
        {
            return false;
        }
        value = ParseDecimal(s.Slice(at, digits));
        i = at + digits;
        return true;
    }

    private static bool Blank(ReadOnlySpan<char> s, ref int i)
    {
        int next = SkipBlanks(s, i);
        if (next == i)
        {
            return false;
        }
        i = next;
        return true;
    }
}
