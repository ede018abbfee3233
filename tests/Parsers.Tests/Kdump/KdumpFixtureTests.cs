using SolWatch.Parsers.Kdump;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>Real public console logs of kdump attempts (Fixtures/kdump, each naming its source) and the lab's own.</summary>
public class KdumpFixtureTests
{
    public static TheoryData<string> AllNames() => [.. KdumpFixture.All().Select(f => f.Name)];

    public static TheoryData<string> Names() => [.. KdumpFixture.All().Where(f => f.Miss is null).Select(f => f.Name)];

    /// <summary>Logs the reader does not read right yet (their <c># miss:</c> says why), kept with the outcome they should
    /// give: counted in the unseen-log figures, and held to never being given a different verdict.</summary>
    public static TheoryData<string> Misses() => [.. KdumpFixture.All().Where(f => f.Miss is not null).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Misses))]
    public void A_known_miss_is_at_worst_left_undecided_never_given_another_verdict(string name)
    {
        KdumpFixture fixture = KdumpFixture.Load(Path.Combine(KdumpFixture.Directory, name + ".log"));
        foreach (KdumpFinding f in KdumpHarness.Track(fixture.Log).Where(f => f.Kind == KdumpFindingKind.DumpAttempt))
        {
            Assert.True(f.Outcome.Name() == fixture.Outcome || f.Outcome == KdumpOutcome.Unknown, $"{f.Outcome.Name()}: {f.Reason}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_fixture_gives_its_expected_finding(string name)
    {
        KdumpFixture fixture = KdumpFixture.Load(Path.Combine(KdumpFixture.Directory, name + ".log"));
        List<KdumpFinding> findings = KdumpHarness.Track(fixture.Log);
        if (fixture.Kind is null)
        {
            // A crash-free console that only mentions kdump, kexec or crash: no attempt, and nothing called saved or failed.
            Assert.DoesNotContain(findings, x => x.Kind == KdumpFindingKind.DumpAttempt);
            Assert.DoesNotContain(findings, x => x.Outcome is KdumpOutcome.Saved or KdumpOutcome.SaveFailed or KdumpOutcome.CaptureKernelFailed);
            return;
        }
        KdumpFinding f = Assert.Single(findings, x => x.Kind == fixture.Kind);
        Assert.Equal(fixture.Outcome, f.Outcome.Name());
        Assert.Equal(fixture.Armed, f.Armed);
        Assert.Equal(fixture.CrashKernel, f.CrashKernelBytes);
        Assert.Equal(fixture.Vmcore, f.VmcorePath);
        Assert.Contains(fixture.Reason, f.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void A_fixture_read_one_byte_at_a_time_gives_the_same_findings(string name)
    {
        KdumpFixture fixture = KdumpFixture.Load(Path.Combine(KdumpFixture.Directory, name + ".log"));
        Assert.Equal(
            KdumpHarness.Track(fixture.Log).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine, f.EndLine)),
            KdumpHarness.Track(fixture.Log, chunk: 1).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine, f.EndLine)));
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void A_fixture_pushed_line_by_line_without_the_batch_search_gives_the_same_findings(string name)
    {
        KdumpFixture fixture = KdumpFixture.Load(Path.Combine(KdumpFixture.Directory, name + ".log"));
        Assert.Equal(
            KdumpHarness.Track(fixture.Log).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine, f.EndLine, f.Timeline.Count)),
            KdumpHarness.Track(fixture.Log, preScan: false).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine, f.EndLine, f.Timeline.Count)));
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Every_dump_story_scan_gives_a_report_is_the_attempt_solwatch_kdump_finds(string name)
    {
        // `solwatch kdump` reads with the tracker alone; `solwatch scan` and the daemon read through the console reader,
        // where the detector also tells the tracker where an oops ended (KdumpTracker.TraceEnded). Their verdicts agree.
        KdumpFixture fixture = KdumpFixture.Load(Path.Combine(KdumpFixture.Directory, name + ".log"));
        List<KdumpFinding> alone = [.. KdumpHarness.Track(fixture.Log).Where(f => f.Kind == KdumpFindingKind.DumpAttempt)];
        foreach (KdumpFinding story in Reading.ReaderHarness.Scan(System.Text.Encoding.UTF8.GetString(fixture.Log)).Select(r => r.Kdump).OfType<KdumpFinding>())
        {
            KdumpFinding same = Assert.Single(alone, f => f.StartLine == story.StartLine);
            Assert.Equal((same.Outcome, same.Reason, same.VmcorePath, same.Armed), (story.Outcome, story.Reason, story.VmcorePath, story.Armed));
        }
    }

    [Fact]
    public void Most_attempt_fixtures_give_scan_a_report_with_its_story()
    {
        // What the comparison above stands on: the stories it compares are there.
        List<KdumpFixture> attempts = [.. KdumpFixture.All().Where(f => f.Kind == KdumpFindingKind.DumpAttempt)];
        int withStory = attempts.Count(f => Reading.ReaderHarness.Scan(System.Text.Encoding.UTF8.GetString(f.Log)).Any(r => r.Kdump is not null));
        Assert.True(withStory * 4 >= attempts.Count * 3, $"{withStory} of {attempts.Count}");
    }

    [Fact]
    public void The_fixtures_cover_every_outcome_and_three_architectures()
    {
        List<KdumpFixture> all = [.. KdumpFixture.All().Where(f => f.Kind is not null)];
        foreach (string outcome in new[] { "saved", "save-failed", "capture-kernel-failed", "not-armed", "unknown" })
        {
            Assert.Contains(all, f => f.Outcome == outcome);
        }
        Assert.True(all.Select(f => f.Arch).Distinct().Count() >= 3, string.Join(", ", all.Select(f => f.Arch).Distinct()));
    }
}
