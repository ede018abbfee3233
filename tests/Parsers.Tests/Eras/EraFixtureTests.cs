using SolWatch.Parsers.Reports;
using SolWatch.Parsers.Tests.Unseen;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Eras;

/// <summary>
/// Real console logs of every kernel era a datacenter runs (Fixtures/eras/README.md): each crash comes out with the
/// expected kind, syzbot-style title, instruction-pointer function, panic and corruption flags; the logs without a
/// crash (boot logs with alarming firmware and ACPI lines, user-space words) give no report.
/// </summary>
public class EraFixtureTests
{
    public static TheoryData<string> Crashes() => Names(f => f.Title is not null && !EraFixtures.KnownGaps.Contains(f.Name));

    public static TheoryData<string> Quiet() => Names(f => f.Title is null && !EraFixtures.KnownGaps.Contains(f.Name));

    public static TheoryData<string> Gaps() => [.. EraFixtures.KnownGaps.Order(StringComparer.Ordinal)];

    private static TheoryData<string> Names(Func<UnseenFixture, bool> which) => [.. EraFixtures.All().Where(which).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Crashes))]
    public void Each_crash_of_every_kernel_era_gets_its_title_kind_instruction_pointer_and_flags(string name)
    {
        UnseenFixture f = EraFixtures.Named(name);
        Assert.Equal([], Differences(f));
    }

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Logs_of_every_era_without_a_crash_give_no_report(string name) =>
        Assert.Empty(Scan(EraFixtures.Named(name).Log));

    [Theory]
    [MemberData(nameof(Gaps))]
    public void A_known_gap_is_still_read_wrong_so_the_list_stays_honest(string name)
    {
        UnseenFixture f = EraFixtures.Named(name);
        bool wrong = f.Title is null ? Scan(f.Log).Count > 0 : Differences(f).Count > 0;
        Assert.True(wrong, $"{name} is read right now: take it off Fixtures/eras/KNOWN-GAPS");
    }

    [Fact]
    public void The_era_set_spans_the_eras_architectures_and_quiet_logs_it_is_meant_to_cover()
    {
        List<UnseenFixture> all = [.. EraFixtures.All()];
        Assert.True(all.Count >= 175, $"only {all.Count} fixtures");
        foreach (string arch in (string[])["x86-", "i386-", "arm64-", "arm-", "ppc64", "s390x-", "riscv-"])
        {
            Assert.Contains(all, f => f.Name.StartsWith(arch, StringComparison.Ordinal));
        }
        foreach (string era in (string[])["-2.6.", "-3.", "-4.", "-5.", "-6."])
        {
            Assert.True(all.Count(f => f.Name.Contains(era, StringComparison.Ordinal)) >= 5, $"too few logs of era {era}");
        }
        Assert.True(all.Count(f => f.Title is null) >= 10, "too few logs without a crash");
        Assert.True(EraFixtures.KnownGaps.Count * 10 <= all.Count, "more than a tenth of the set is a known gap");
    }

    /// <summary>What the first report gets wrong against the fixture's headers (empty: nothing).</summary>
    private static List<string> Differences(UnseenFixture f)
    {
        CrashReport? r = Scan(f.Log).FirstOrDefault();
        if (r is null)
        {
            return ["no report"];
        }
        List<string> wrong = [];
        if (r.Title != f.Title)
        {
            wrong.Add($"title {r.Title}");
        }
        if (r.Kind.ToString() != f.Kind)
        {
            wrong.Add($"kind {r.Kind}");
        }
        if (r.Ip?.Function != f.IpFunction)
        {
            wrong.Add($"ip {r.Ip?.Function ?? "-"}");
        }
        if (r.Panicked != f.Panicked)
        {
            wrong.Add($"panicked {r.Panicked}");
        }
        if (r.Corrupted != f.Corrupted)
        {
            wrong.Add($"corrupted {r.Corrupted} ({r.CorruptedReason})");
        }
        return wrong;
    }
}
