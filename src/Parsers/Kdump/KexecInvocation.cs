namespace SolWatch.Parsers.Kdump;

/// <summary>
/// A kexec-tools command line echoed on the console (a shell's <c>set -x</c> trace, kdump-config show's
/// "kexec command:", a test log): which kind of load it asks for. kexec(8): <c>-l</c>/<c>--load</c> stages a kernel
/// for a later <c>kexec -e</c>, <c>-f</c>/<c>--force</c> loads one and boots it at once; <c>-p</c>/<c>--load-panic</c>
/// loads the crash (capture) kernel.
/// </summary>
internal static class KexecInvocation
{
    /// <summary>true for a panic (crash kernel) load, false for a plain load, null when the line runs no kexec load.</summary>
    public static bool? Loads(ReadOnlySpan<char> text)
    {
        int at = Program(text);
        if (at < 0)
        {
            return null;
        }
        ReadOnlySpan<char> args = text[at..];
        if (Option(args, "-p") || Option(args, "--load-panic") || Option(args, "-ps") || Option(args, "-sp"))
        {
            return true;
        }
        // kexec/kexec.c main: OPT_LOAD (-l) loads only; OPT_FORCE (-f/--force) loads and executes at once; only OPT_PANIC
        // sets KEXEC_ON_CRASH. A forced kexec is a plain reboot into the new kernel, never the crash kernel's load.
        return Option(args, "-l") || Option(args, "--load") || Option(args, "-sl") || Option(args, "-ls")
            || Option(args, "-f") || Option(args, "--force") ? false : null;
    }

    // The program itself: "kexec " at the start, after a space, a quote or a path's '/' ("/sbin/kexec -p …",
    // "+ /root/kexec/kexec --load …"), not a word that only holds it ("kexec_cmd", "kexec-tools", "kexec:").
    private static int Program(ReadOnlySpan<char> text)
    {
        for (int from = 0; from < text.Length;)
        {
            int i = text[from..].IndexOf("kexec", StringComparison.Ordinal);
            if (i < 0)
            {
                return -1;
            }
            i += from;
            int end = i + "kexec".Length;
            bool startsWord = i == 0 || text[i - 1] is ' ' or '/' or '\'' or '"' or '\t';
            bool endsWord = end < text.Length && text[end] is ' ' or '\'';
            if (startsWord && endsWord)
            {
                return end;
            }
            from = end;
        }
        return -1;
    }

    private static bool Option(ReadOnlySpan<char> args, string option)
    {
        for (int from = 0; from < args.Length;)
        {
            int i = args[from..].IndexOf(option, StringComparison.Ordinal);
            if (i < 0)
            {
                return false;
            }
            i += from;
            int end = i + option.Length;
            bool before = i > 0 && args[i - 1] is ' ' or '\'' or '\t';
            bool after = end == args.Length || args[end] is ' ' or '\'' or '\t' or '=';
            if (before && after)
            {
                return true;
            }
            from = end;
        }
        return false;
    }
}
