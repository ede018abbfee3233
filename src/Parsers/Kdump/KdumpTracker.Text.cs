namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): helpers that read a line's words and a kdump tool's message.
public sealed partial class KdumpTracker
{
    private static bool Has(ReadOnlySpan<char> text, string word) => text.Contains(word, StringComparison.Ordinal);

    private static bool EndsWith(ReadOnlySpan<char> text, string word) => text.TrimEnd().EndsWith(word, StringComparison.Ordinal);

    private static ReadOnlySpan<char> After(ReadOnlySpan<char> text, string word)
    {
        int i = text.IndexOf(word, StringComparison.Ordinal);
        return i < 0 ? [] : text[(i + word.Length)..];
    }

    private static string Arg(Boot b) => b.CrashKernelArgument is { } a ? $"={a}" : "";

    private static string Clip(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return (text.Length > 160 ? text[..160] : text).ToString();
    }

    // The message of a kdump tool's line: after "kdump: ", "kdump[123]: ", "kdumpctl[9]: kdump: ", "kdump-tools: ",
    // "kdump-config: ", "kdump.sh[511]: ", or a SUSE "Error: "/"Fatal error: ".
    private static ReadOnlySpan<char> ToolMessage(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> rest = text;
        bool found = false;
        while (true)
        {
            // A tool's name begins with "kdump" (kdump, kdumpctl, kdump-tools, kdump.sh): "kdump" inside a word is another
            // tool's ("mkdumprd: failed to make kdump initrd", kdumpctl's derror, keeps its "mkdumprd: ").
            int k = KdumpWord(rest);
            if (k < 0)
            {
                break;
            }
            int i = k + 5;
            while (i < rest.Length && (char.IsAsciiLetterOrDigit(rest[i]) || rest[i] is '-' or '.' or '_'))
            {
                i++;
            }
            if (i < rest.Length && rest[i] == '[')
            {
                int close = rest[i..].IndexOf(']');
                i = close < 0 ? rest.Length : i + close + 1;
            }
            if (i + 1 < rest.Length && rest[i] == ':' && rest[i + 1] == ' ')
            {
                rest = rest[(i + 2)..];
                found = true;
                continue;
            }
            break;
        }
        if (!found)
        {
            int e = text.IndexOf("rror: ", StringComparison.Ordinal);
            if (e > 0 && (text[..e].EndsWith("E", StringComparison.Ordinal) || text[..e].EndsWith("Fatal e", StringComparison.Ordinal)))
            {
                return text[(e + 6)..].Trim();
            }
            return [];
        }
        return rest.TrimStart(" *").Trim();
    }

    // Where "kdump" begins a word in the text, or -1.
    private static int KdumpWord(ReadOnlySpan<char> text)
    {
        int from = 0;
        while (from < text.Length)
        {
            int k = text[from..].IndexOf("kdump", StringComparison.Ordinal);
            if (k < 0)
            {
                return -1;
            }
            k += from;
            if (k == 0 || !char.IsAsciiLetterOrDigit(text[k - 1]))
            {
                return k;
            }
            from = k + 5;
        }
        return -1;
    }

    private static bool LooksLikeError(ReadOnlySpan<char> said) =>
        (said.Contains("fail", StringComparison.OrdinalIgnoreCase) || Has(said, "not found") || Has(said, "not a mount point")
            || Has(said, "isn't ready") || Has(said, "Unable to") || Has(said, "Cannot") || Has(said, "Can not") || Has(said, "cannot")
            || Has(said, "No such") || said.StartsWith("No ", StringComparison.Ordinal) || Has(said, "not exist") || Has(said, "not supported") || Has(said, "not set"))
        && !Has(said, "saving vmcore") && !Has(said, "failure_action") && !Has(said, "Executing");
}
