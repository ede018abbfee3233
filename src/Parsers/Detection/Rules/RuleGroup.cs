using System.Collections.Immutable;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// The rules that share a header marker (<c>BUG:</c>, <c>WARNING:</c>, <c>Kernel panic</c>…), in the order they are tried,
/// and the lines with the marker that are not crashes.
/// </summary>
internal sealed record RuleGroup(string Marker, ImmutableArray<CrashRule> Rules)
{
    /// <summary>The marker's <see cref="CharMask"/>: a line whose mask does not cover it cannot hold the marker.</summary>
    public ulong MarkerMask { get; } = CharMask.Of(Marker);

    /// <summary>Texts that, found in a line, mean it is not a crash header (sshd's "WARNING: /etc/ssh/moduli"…).</summary>
    public ImmutableArray<string> Ignores { get; init; } = [];

    /// <summary>A header of this group inside an open report belongs to that report (the panic after an oops,
    /// "invalid opcode" after "kernel BUG at", arm's "Internal error: Oops" after "Unable to handle").</summary>
    public bool JoinsOpenReport { get; init; }

    /// <summary>The marker must open the message (after the console prefix): the same words inside another message (a
    /// fuzzer's mount option echoed by a file system) are not the event.</summary>
    public bool AtLineStart { get; init; }

    /// <summary>The header patterns see the whole message, not only the text from the marker on: the marker sits in the
    /// middle of the header (s390's "illegal operation: 0001 ilc:1 [#1]" names the trap before it).</summary>
    public bool HeaderFromLineStart { get; init; }

    /// <summary>What this group recognizes is not a crash but a fact about the machine's life that decides whether a later
    /// header counts: an orderly shutdown, or a boot that nothing explains.</summary>
    public Lifecycle Lifecycle { get; init; }

    /// <summary>A report of this group takes in the crash headers that follow it until its own stack is printed: a Rust
    /// panic is followed by the kernel BUG() its panic handler calls, whose oops carries the stack.</summary>
    public bool AbsorbsFollowingHeaders { get; init; }

    /// <summary>Headers that start with one of these belong to an open report of this group: mm/slub.c print_trailer()
    /// follows a SLUB debug report (and 4.0–4.3 KASAN's object dump) with "INFO: Allocated in …", "INFO: Freed in …",
    /// "INFO: Slab …" and "INFO: Object …" lines, which are not reports of their own.</summary>
    public ImmutableArray<string> TakesIn { get; init; } = [];

    /// <summary>Headers of these shapes belong to an open report of this group, as <see cref="TakesIn"/>'s do: for a follow-on
    /// header that only a word past its start tells apart (x86's refcount_t report is followed by the WARN() of
    /// refcount_error_report(), whose line starts as every WARN()'s does).</summary>
    public ImmutableArray<HeaderPattern> TakesInMatching { get; init; } = [];

    /// <summary>Whether <paramref name="header"/> (a recognized header text) is part of an open report of this group.</summary>
    public bool Takes(string header)
    {
        foreach (HeaderPattern shape in TakesInMatching)
        {
            if (shape.Match(header) is not null)
            {
                return true;
            }
        }
        foreach (string prefix in TakesIn)
        {
            if (header.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
