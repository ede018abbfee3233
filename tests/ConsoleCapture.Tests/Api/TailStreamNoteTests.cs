using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary>
/// When a follower (<c>tail</c>, the web console) is told of an incident's kdump story again: each new step while the
/// outcome is open, each new verdict, and not a verdict's reason refined by later lines.
/// </summary>
public sealed class TailStreamNoteTests
{
    private static IncidentUpdated Update(KdumpOutcome outcome, string reason) => new(new Incident(7, "node1", "node1", new CrashReport
    {
        Kind = CrashKind.Panic,
        Title = "kernel panic: sysrq triggered crash",
        Fingerprint = "f00d",
        Panicked = true,
        Kdump = new KdumpFinding(KdumpFindingKind.DumpAttempt, 1, 9, true, outcome, reason, null, null, null, null, false, []),
    }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, []));

    [Fact]
    public void A_saved_verdict_whose_reason_is_refined_by_the_save_scripts_last_line_tells_the_same_story()
    {
        string completed = TailStream.StoryOf(Update(KdumpOutcome.Saved,
            "vmcore saved to /mnt/crash/x/vmcore (makedumpfile completed; the save script's last word is not on the console)"));
        string scriptDone = TailStream.StoryOf(Update(KdumpOutcome.Saved, "vmcore saved to /mnt/crash/x/"));

        Assert.Equal(completed, scriptDone);
    }

    [Fact]
    public void Each_new_step_of_an_undecided_story_is_news()
    {
        Assert.NotEqual(
            TailStream.StoryOf(Update(KdumpOutcome.Unknown, "the capture kernel is booting")),
            TailStream.StoryOf(Update(KdumpOutcome.Unknown, "the capture kernel is saving the vmcore")));
    }

    [Fact]
    public void A_new_verdict_is_news_and_the_note_says_its_reason()
    {
        IncidentUpdated failed = Update(KdumpOutcome.SaveFailed, "makedumpfile failed");

        Assert.NotEqual(TailStream.StoryOf(Update(KdumpOutcome.Unknown, "saving")), TailStream.StoryOf(failed));
        Assert.Equal("[solwatch] incident 7 kdump save-failed: makedumpfile failed", TailStream.IncidentNote(failed)!.Text);
    }
}
