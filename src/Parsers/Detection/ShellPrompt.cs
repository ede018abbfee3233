using System.Text.RegularExpressions;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// A shell prompt the kernel's console output interrupted: the console is shared, so a line printed while a shell waits
/// for input starts on the prompt's line ("root@witherspoon:~# Kernel panic - not syncing: …"). Only the prompts bash and
/// BusyBox ash print by default are taken, Debian's "user@host:path# " / "$ " and Red Hat's "[user@host path]# ", and only
/// when they are the whole text before the header: a program's log line quoting a header is still no kernel line.
/// </summary>
internal static partial class ShellPrompt
{
    /// <summary>True when <paramref name="text"/> up to <paramref name="at"/> is exactly a shell prompt.</summary>
    public static bool EndsAt(ReadOnlySpan<char> text, int at) =>
        at is > 3 and <= 160 && text[at - 1] == ' ' && text[at - 2] is '#' or '$' && Prompt().IsMatch(text[..at]);

    [GeneratedRegex(@"^(?:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:[^\s#$]*|\[[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+ [^\]]*\])[#$] $", RegexOptions.CultureInvariant)]
    private static partial Regex Prompt();
}
