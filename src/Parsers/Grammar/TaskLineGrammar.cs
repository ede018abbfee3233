using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using static SolWatch.Parsers.Grammar.Lexemes;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// The line naming the task and kernel (dump_stack_print_info):
/// <code>
/// CPU: 0 PID: 91 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2
/// CPU: 1 UID: 0 PID: 5837 Comm: syz-executor Not tainted 6.12.0-rc1-syzkaller #0
/// Pid: 1, comm: swapper Not tainted 2.6.32 #1                (before 3.x)
/// CPU: 6 PID: 60182 Comm: stress_client Kdump: loaded Not tainted 4.18.0-541.el8.s390x #1   (RHEL)
/// </code>
/// </summary>
internal static class TaskLineGrammar
{
    private static readonly Parser<char, string?> Taint =
        OneOf(
            Try(String("Not tainted")).ThenReturn((string?)string.Empty),
            // Unset flags print as ' ' ('-' for RHEL 7's own flags: "Tainted: G        W  OE K------------   3.10.0-862…").
            Try(String("Tainted:")).Then(Token(c => char.IsAsciiLetterUpper(c) || c is ' ' or '-').ManyString())
                .Select(flags => (string?)new string(flags.Where(c => c is not (' ' or '-' or 'G')).ToArray())));

    private static readonly Parser<char, string> Comm = Token(c => c != ' ').AtLeastOnceString();

    private static readonly Parser<char, string?> Release =
        Spaces.Then(Token(c => c != ' ').ManyString()).Select(r => r.Length == 0 ? null : r);

    private static readonly Parser<char, Maybe<int>> Uid = Try(Space1.Then(String("UID:")).Then(Spaces).Then(DecimalNumber)).Optional();
    private static readonly Parser<char, int> Pid = Space1.Then(String("PID:")).Then(Spaces).Then(DecimalNumber);
    private static readonly Parser<char, string> CommField = Space1.Then(String("Comm:")).Then(Spaces).Then(Comm);
    private static readonly Parser<char, Maybe<string?>> TaintField = Try(Space1.Then(Taint)).Optional();
    // RHEL kernels print whether a capture kernel is loaded before the taint: "Comm: sh Kdump: loaded Not tainted 4.18.0-…".
    private static readonly Parser<char, bool> KdumpBeforeTaint = Try(Space1.Then(String("Kdump: loaded"))).Optional().Select(m => m.HasValue);
    private static readonly Parser<char, string> Rest = Any.ManyString();
    private static readonly Parser<char, string> OldComm =
        Char(',').Then(Spaces).Then(String("comm:")).Then(Spaces).Then(Token(c => c != ' ').AtLeastOnceString());

    private static readonly Parser<char, ParsedTask> Modern =
        from cpu in String("CPU:").Then(Spaces).Then(DecimalNumber)
        from uid in Uid
        from pid in Pid
        from comm in CommField
        from kdump in KdumpBeforeTaint
        from taint in TaintField
        from release in Release
        from rest in Rest
        select new ParsedTask(cpu, pid, comm, taint.HasValue ? taint.Value : null, release,
            kdump || rest.Contains("Kdump: loaded", StringComparison.Ordinal));

    private static readonly Parser<char, ParsedTask> Old =
        from pid in String("Pid:").Then(Spaces).Then(DecimalNumber)
        from comm in OldComm
        from taint in TaintField
        from release in Release
        from rest in Rest
        select new ParsedTask(null, pid, comm, taint.HasValue ? taint.Value : null, release, false);

    /// <summary>Parses the task line's message text.</summary>
    public static readonly Parser<char, ParsedTask> Line =
        Spaces.Then(OneOf(Try(Modern), Old)).Labelled("CPU/PID/Comm line");

    /// <summary>Parses a task line; null when it is none. The common shape is read by <see cref="TaskLineFastPath"/>;
    /// the grammar takes every other.</summary>
    public static ParsedTask? TryParse(ReadOnlySpan<char> text)
    {
        if (TaskLineFastPath.TryRead(text, out ParsedTask task) == FastPathOutcome.Read)
        {
            return task;
        }
        Result<char, ParsedTask> r = Line.Parse(text.ToString());
        return r.Success ? r.Value : null;
    }
}

/// <summary>What the task line said.</summary>
internal readonly record struct ParsedTask(int? Cpu, int Pid, string Comm, string? Tainted, string? Release, bool KdumpLoaded);
