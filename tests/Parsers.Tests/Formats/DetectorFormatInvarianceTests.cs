using System.Collections.Concurrent;
using System.Text;
using SolWatch.Parsers.Reports;
using SolWatch.Parsers.Tests.Detection;
using SolWatch.Parsers.Tests.Eras;
using SolWatch.Parsers.Tests.Unseen;
using SolWatch.TestSupport;
using Xunit.Abstractions;

namespace SolWatch.Parsers.Tests.Formats;

/// <summary>
/// Metamorphic: a console carried by another real tool (ConsoleFormats: syslog, journal, dmesg's forms, /dev/kmsg,
/// caller ids, CRLF, a telnet console server, conserver, tio, OpenWrt, z/VM) gives the crash reports its original form
/// gives: as many, with the same titles, kinds, instruction-pointer functions and panic flags. The pairs that lose what
/// a rule needs are listed, with why, in Formats/README.md.
/// </summary>
public class DetectorFormatInvarianceTests(ITestOutputHelper output)
{
    private sealed record Console(string Name, byte[] Log);

    private static readonly Lazy<IReadOnlyList<Console>> Fixtures = new(() =>
        [.. EraFixtures.All().Concat(UnseenFixture.All()).Select(f => new Console(f.Name, f.Log))]);

    private static readonly Lazy<IReadOnlyList<Console>> Corpus = new(() =>
        [.. SyzkallerCorpusTests.LoadCorpus().Select(c => new Console("syzkaller/" + c.Name, c.Log))]);

    // What each console gives in its own form, computed once for every transform.
    private static readonly ConcurrentDictionary<string, List<string>> Originals = new(StringComparer.Ordinal);

    public static TheoryData<string> Transforms() => [.. ConsoleFormats.All.Keys];

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Every_era_and_unseen_console_gives_the_same_crash_reports_in_another_carrier_format(string transform) =>
        Same(Differences(Fixtures.Value, transform));

    [PeerTheory(Peers.SharedCorpus)]
    [MemberData(nameof(Transforms))]
    public void Every_shared_corpus_console_gives_the_same_crash_reports_in_another_carrier_format(string transform) =>
        Same(Differences(Corpus.Value, transform));

    private static void Same(List<string> differences) => FormatExclusions.Same(differences);

    [PeerFact(Peers.SharedCorpus)]
    public void Every_transform_carries_a_good_part_of_the_consoles_so_no_form_passes_by_changing_nothing()
    {
        List<Console> all = [.. Fixtures.Value, .. Corpus.Value];
        var applied = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string transform, Func<string, byte[]> form) in ConsoleFormats.All)
        {
            applied[transform] = all.Count(c => Encoding.UTF8.GetString(c.Log) is var text
                && (!ConsoleFormats.IsCarried(text) || ConsoleFormats.KeepsLineStart(transform))
                && ConsoleFormats.Changes(text, form(text)));
        }
        output.WriteLine($"{all.Count} consoles, {applied.Values.Sum()} pairs carried: " + string.Join(", ", applied.Select(a => $"{a.Key} {a.Value}")));
        Assert.All(applied, a => Assert.True(a.Value * 3 >= all.Count, $"{a.Key} carries only {a.Value} of {all.Count} consoles"));
    }

    [PeerFact(Peers.SharedCorpus)]
    public void Every_excluded_pair_still_reads_differently_so_the_table_stays_honest()
    {
        Dictionary<string, Console> consoles = Fixtures.Value.Concat(Corpus.Value).ToDictionary(c => c.Name, StringComparer.Ordinal);
        HashSet<string> kdump = [.. Kdump.KdumpFixture.All().Select(f => f.Name)];
        var stale = new List<string>();
        foreach ((string name, string transform) in FormatExclusions.All)
        {
            if (!consoles.TryGetValue(name, out Console? c))
            {
                Assert.True(kdump.Contains(name), $"the exclusion names no console: {name}");
                continue;
            }
            string text = Encoding.UTF8.GetString(c.Log);
            byte[] carried = ConsoleFormats.All[transform](text);
            if (!ConsoleFormats.Changes(text, carried))
            {
                continue; // not applicable to this console (journal-json to one with records of several lines): nothing to read differently
            }
            if (Originals.GetOrAdd(c.Name, _ => Reports(c.Log)).SequenceEqual(Reports(carried)))
            {
                stale.Add($"{name} / {transform}");
            }
        }
        Assert.True(stale.Count == 0, $"read the same now, take off Formats/README.md: {string.Join(", ", stale)}");
    }

    /// <summary>What the crash reports of a console are, compared field by field (one string a report).</summary>
    internal static List<string> Reports(byte[] log) => [.. DetectorHarness.Scan(log).Select(Summary)];

    private static string Summary(CrashReport r) => $"{r.Title} | {r.Kind} | ip {r.Ip?.Function ?? "-"} | panicked {r.Panicked}";

    private static List<string> Differences(IReadOnlyList<Console> consoles, string transform)
    {
        Func<string, byte[]> form = ConsoleFormats.All[transform];
        var differences = new List<string>();
        foreach (Console c in consoles)
        {
            string text = Encoding.UTF8.GetString(c.Log);
            if (FormatExclusions.Excludes(c.Name, transform) || (ConsoleFormats.IsCarried(text) && !ConsoleFormats.KeepsLineStart(transform)))
            {
                continue;
            }
            byte[] carried = form(text);
            if (!ConsoleFormats.Changes(text, carried))
            {
                continue;
            }
            List<string> expected = Originals.GetOrAdd(c.Name, _ => Reports(c.Log));
            List<string> actual = Reports(carried);
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{c.Name}: [{string.Join("; ", expected)}] became [{string.Join("; ", actual)}]");
            }
        }
        return differences;
    }
}
