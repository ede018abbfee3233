using SolWatch.Parsers.Kdump;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>Logs with no failed capture in them must never be called one: crash-free real consoles, and the lab's
/// crashes without kdump (their panics count down to reboot: not armed, never a failed capture).</summary>
public class KdumpCrashFreeTests
{
    public static TheoryData<string> CrashFree() =>
        [.. Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures", "unseen"), "nocrash-*.log").Order(StringComparer.Ordinal).Select(p => Path.GetFileName(p))];

    public static TheoryData<string> LabWithoutKdump() =>
        [.. Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures", "lab"), "*.log").Order(StringComparer.Ordinal).Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(CrashFree))]
    public void A_crash_free_console_gives_no_dump_attempt(string name)
    {
        List<KdumpFinding> findings = KdumpHarness.Track(File.ReadAllBytes(RepoPaths.Tests("Parsers.Tests", "Fixtures", "unseen", name)));
        Assert.DoesNotContain(findings, f => f.Kind == KdumpFindingKind.DumpAttempt);
    }

    [Theory]
    [MemberData(nameof(LabWithoutKdump))]
    public void A_lab_crash_without_kdump_is_never_a_failed_capture(string name)
    {
        List<KdumpFinding> findings = KdumpHarness.Track(File.ReadAllBytes(RepoPaths.Tests("Parsers.Tests", "Fixtures", "lab", name)));
        Assert.DoesNotContain(findings, f => f.Outcome is KdumpOutcome.SaveFailed or KdumpOutcome.CaptureKernelFailed or KdumpOutcome.Saved);
    }
}
