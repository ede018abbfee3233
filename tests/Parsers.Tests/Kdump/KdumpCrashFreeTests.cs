using SolWatch.Parsers.Kdump;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>Logs with no failed capture in them must never be called one: crash-free real consoles, the lab's crashes
/// without kdump (their panics count down to reboot: not armed, never a failed capture), and every log of the shared
/// corpus (../shared/corpus/syzkaller: real crashes on fuzzing kernels, none with kdump).</summary>
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

    [PeerFact(Peers.SharedCorpus)]
    public void No_crash_log_of_the_shared_corpus_is_called_a_saved_or_failed_capture()
    {
        var wrong = new List<string>();
        int crashes = 0;
        foreach ((string name, bool crash, byte[] log) in SharedCorpus())
        {
            crashes += crash ? 1 : 0;
            foreach (KdumpFinding f in KdumpHarness.Track(log))
            {
                if (f.Outcome is KdumpOutcome.Saved or KdumpOutcome.SaveFailed or KdumpOutcome.CaptureKernelFailed)
                {
                    wrong.Add($"{name}: {f.Kind} {f.Outcome.Name()}: {f.Reason}");
                }
            }
        }
        Assert.True(crashes > 400, $"only {crashes} crash logs read: is the corpus complete?");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [PeerFact(Peers.SharedCorpus)]
    public void A_log_of_the_shared_corpus_without_a_crash_gives_no_dump_attempt()
    {
        var wrong = new List<string>();
        int clean = 0;
        foreach ((string name, bool crash, byte[] log) in SharedCorpus())
        {
            if (crash)
            {
                continue;
            }
            clean++;
            wrong.AddRange(KdumpHarness.Track(log).Where(f => f.Kind == KdumpFindingKind.DumpAttempt).Select(f => $"{name}: {f.Outcome.Name()}: {f.Reason}"));
        }
        Assert.True(clean > 0, "the corpus holds no crash-free log");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // The console part of each corpus file (format in its README): headers up to the first empty line, the log up to
    // an empty line and "REPORT:"; a file without TITLE: holds no crash.
    private static IEnumerable<(string Name, bool Crash, byte[] Log)> SharedCorpus()
    {
        string dir = Path.Combine(RepoPaths.Shared, "corpus", "syzkaller");
        foreach (string path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            byte[] raw = File.ReadAllBytes(path);
            int split = raw.AsSpan().IndexOf("\n\n"u8);
            byte[] head = split < 0 ? [] : raw[..split];
            byte[] body = split < 0 ? raw : raw[(split + 2)..];
            int report = body.AsSpan().IndexOf("\n\nREPORT:\n"u8);
            if (report >= 0)
            {
                body = body[..(report + 1)];
            }
            bool crash = System.Text.Encoding.UTF8.GetString(head).Split('\n').Any(l => l.StartsWith("TITLE: ", StringComparison.Ordinal));
            yield return (Path.GetFileName(path), crash, body);
        }
    }
}
