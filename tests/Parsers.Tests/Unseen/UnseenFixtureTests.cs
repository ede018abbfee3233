using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>
/// Real console logs that were not used to build the rules (other architectures, production log forms, older and newer
/// kernels; Fixtures/unseen/README.md): each crash comes out with the expected kind, title, instruction-pointer function,
/// panic and corruption flags, and the logs that hold no crash give no report.
/// </summary>
public class UnseenFixtureTests
{
    public static TheoryData<string> Crashes() => Names(f => f.Title is not null);

    public static TheoryData<string> Quiet() => Names(f => f.Title is null);

    private static TheoryData<string> Names(Func<UnseenFixture, bool> which) => [.. UnseenFixture.All().Where(which).Select(f => f.Name)];

    private static UnseenFixture Fixture(string name) => UnseenFixture.Load(Path.Combine(UnseenFixture.Directory, name + ".log"));

    [Theory]
    [MemberData(nameof(Crashes))]
    public void Each_real_crash_gets_its_title_kind_instruction_pointer_and_flags(string name)
    {
        UnseenFixture f = Fixture(name);
        CrashReport r = Assert.IsType<CrashReport>(Scan(f.Log).FirstOrDefault(), exactMatch: false);
        Assert.Equal(f.Title, r.Title);
        Assert.Equal(f.Kind, r.Kind.ToString());
        Assert.Equal(f.IpFunction, r.Ip?.Function);
        Assert.Equal(f.Panicked, r.Panicked);
        Assert.True(f.Corrupted == r.Corrupted, $"corrupted: want {f.Corrupted}, got {r.Corrupted} ({r.CorruptedReason})");
    }

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Real_logs_without_a_crash_give_no_report(string name) =>
        Assert.Empty(Scan(Fixture(name).Log));

    [Fact]
    public void The_unseen_set_spans_the_architectures_and_log_forms_it_is_meant_to_cover()
    {
        List<UnseenFixture> all = [.. UnseenFixture.All()];
        Assert.True(all.Count >= 40, $"only {all.Count} fixtures");
        foreach (string arch in (string[])["arm64-", "arm-", "riscv-", "s390-", "i386-", "x86-"])
        {
            Assert.Contains(all, f => f.Name.StartsWith(arch, StringComparison.Ordinal));
        }
        Assert.True(all.Count(f => f.Title is null) >= 5, "too few logs without a crash");
    }
}
