using System.Collections.Concurrent;
using System.Text;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Tests.Kdump;
using Xunit.Abstractions;

namespace SolWatch.Parsers.Tests.Formats;

/// <summary>
/// Metamorphic: a kdump console carried by another real tool (ConsoleFormats) gives the findings its original form
/// gives: the same kinds, outcomes, armed verdicts and crashkernel sizes. The pairs that lose what a rule needs are
/// listed, with why, in Formats/README.md.
/// </summary>
public class KdumpFormatInvarianceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<KdumpFixture>> Fixtures = new(() => [.. KdumpFixture.All()]);

    private static readonly ConcurrentDictionary<string, List<string>> Originals = new(StringComparer.Ordinal);

    public static TheoryData<string> Transforms() => [.. ConsoleFormats.All.Keys];

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Every_kdump_console_gives_the_same_outcome_armed_verdict_and_crashkernel_in_another_carrier_format(string transform)
    {
        Func<string, byte[]> form = ConsoleFormats.All[transform];
        var differences = new List<string>();
        int compared = 0;
        foreach (KdumpFixture f in Fixtures.Value)
        {
            string text = Encoding.UTF8.GetString(f.Log);
            if (FormatExclusions.Excludes(f.Name, transform) || (ConsoleFormats.IsCarried(text) && !ConsoleFormats.KeepsLineStart(transform)))
            {
                continue;
            }
            byte[] carried = form(text);
            if (!ConsoleFormats.Changes(text, carried))
            {
                continue;
            }
            compared++;
            List<string> expected = Originals.GetOrAdd(f.Name, _ => Findings(f.Log));
            List<string> actual = Findings(carried);
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{f.Name}: [{string.Join("; ", expected)}] became [{string.Join("; ", actual)}]");
            }
        }
        output.WriteLine($"{transform}: {compared} of {Fixtures.Value.Count} kdump consoles carried");
        FormatExclusions.Same(differences);
    }

    private static List<string> Findings(byte[] log) =>
        [.. KdumpHarness.Track(log).Select(x => $"{x.Kind} {x.Outcome.Name()} armed {x.Armed?.ToString() ?? "-"} crashkernel {x.CrashKernelBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}")];
}
