using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Collectors.Lab;
using SolWatch.TestSupport;
using Xunit.Abstractions;

namespace SolWatch.ConsoleCapture.Tests.Hosting.Kdump;

/// <summary>
/// The lab's kdump variants (../shared/lab, README "kdump") end to end through a running daemon: the VM's ttyS0 is a
/// live tcp console, the first kernel arms kdump and crashes, the capture kernel boots (or cannot) on the same port,
/// and the incident the daemon stored is read back as a user would (<c>incidents show --json</c>, <c>tail</c>,
/// <c>kdump</c>): its outcome and reason, armed and crashkernel, the vmcore path (which the dump disk really holds) and
/// the capture kernel's lines; stored at the crash and updated as the capture kernel ran. The VMs run in
/// <see cref="KdumpLabRuns"/>, two at a time.
/// </summary>
[Collection(CollectorsLabGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpLabDaemonTests(LabFixture lab, KdumpLabRuns runs, ITestOutputHelper output) : IClassFixture<KdumpLabRuns>
{
    private const string MkfsExt4 = KdumpLabVm.MkfsExt4;
    private const string Debugfs = KdumpLabVm.Debugfs;
    private const long Mib = 1 << 20;

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_panic_whose_capture_kernel_saves_is_stored_at_once_and_updated_to_saved_with_the_vmcore_on_the_dump_disk()
    {
        KdumpLabResult r = await RunAsync("sysrq", "ok");
        JsonElement incident = Incident(r, "kernel panic: sysrq triggered crash");
        await AssertSavedAsync(r, incident);
        AssertStoredBeforeTheStoryEnded(r, incident, "saved");
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_null_dereference_oops_with_kdump_loaded_is_linked_to_the_dump_its_capture_kernel_saved()
    {
        // With kdump loaded the oops goes straight to the capture kernel: no panic line, the last line is CR2.
        KdumpLabResult r = await RunAsync("null", "ok");
        JsonElement incident = Incident(r, "BUG: unable to handle kernel NULL pointer dereference in lab_null");
        await AssertSavedAsync(r, incident);
        AssertStoredBeforeTheStoryEnded(r, incident, "saved");
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_stack_overflow_that_prints_no_oops_is_stored_as_a_capture_kernel_with_no_crash_report_and_saved()
    {
        KdumpLabResult r = await RunAsync("stackoverflow", "ok");
        JsonElement incident = Incident(r, "capture kernel booted with no crash report on the console");
        await AssertSavedAsync(r, incident); // the reservation is the first kernel's before it
        Assert.True(incident.GetProperty("kdump").GetProperty("captureWithoutCrash").GetBoolean(), r.Evidence);
        AssertStoredBeforeTheStoryEnded(r, incident, "saved");
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_capture_kernel_that_runs_out_of_memory_is_called_capture_kernel_failed_with_the_reservation_too_small()
    {
        KdumpLabResult r = await RunAsync("sysrq", "nomem");
        JsonElement incident = Incident(r, "kernel panic: sysrq triggered crash");
        AssertStory(r, incident, "capture-kernel-failed", armed: true, 72 * Mib, "capture kernel ran out of memory", "crashkernel=72M is too small");
        AssertCaptureTranscript(r, incident, "Out of memory and no killable processes");
        AssertStoredBeforeTheStoryEnded(r, incident, "capture-kernel-failed");
        // The capture kernel's own panic is that story's, not a second incident.
        Assert.True(r.Incidents.Count == 1, $"one incident expected, stored: " +
            $"{string.Join("; ", r.Incidents.Select(i => i.GetProperty("report").GetProperty("title").GetString()))}. {r.Evidence}");
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_capture_kernel_without_its_dump_disk_is_called_save_failed_with_the_missing_target()
    {
        KdumpLabResult r = await RunAsync("sysrq", "nodisk");
        JsonElement incident = Incident(r, "kernel panic: sysrq triggered crash");
        AssertStory(r, incident, "save-failed", armed: true, 112 * Mib, "dump target /dev/vda not found");
        AssertCaptureTranscript(r, incident, "kdump: saving vmcore failed");
        AssertStoredBeforeTheStoryEnded(r, incident, "save-failed");
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_capture_kernel_too_big_for_its_reservation_leaves_the_panic_not_armed_because_kexec_could_not_load_it()
    {
        KdumpLabResult r = await RunAsync("sysrq", "noload");
        JsonElement incident = Incident(r, "kernel panic: sysrq triggered crash");
        AssertStory(r, incident, "not-armed", armed: false, 64 * Mib, "kexec could not load the capture kernel", "64M");
        AssertNoCaptureKernel(r, incident);
    }

    [PeerFact(Peers.LabVm, MkfsExt4, Debugfs)]
    public async Task A_kernel_that_never_loaded_a_capture_kernel_leaves_the_panic_not_armed()
    {
        KdumpLabResult r = await RunAsync("sysrq", "notloaded");
        JsonElement incident = Incident(r, "kernel panic: sysrq triggered crash");
        AssertStory(r, incident, "not-armed", armed: false, 112 * Mib, "no capture kernel loaded", "kexec_crash_loaded=0");
        AssertNoCaptureKernel(r, incident);
    }

    private async Task<KdumpLabResult> RunAsync(string crash, string variant)
    {
        KdumpLabResult r = await runs.ResultAsync(lab.WorkDir, KdumpLabRuns.Cases.Single(c => c.Crash == crash && c.Variant == variant));
        // What the run left, for whoever reads the test's output: the console log and what the daemon said of it.
        output.WriteLine($"{r.Case.Name}: console log {r.ConsoleLog}");
        foreach (JsonElement note in r.Notes)
        {
            output.WriteLine($"  tail {note.GetProperty("at")}: {note.GetProperty("text")}");
        }
        Assert.True(r.VmExited, $"the VM did not end within {KdumpLabCase.Timeout}: {r.Evidence}");
        return r;
    }

    private static JsonElement Incident(KdumpLabResult r, string title)
    {
        JsonElement[] matching = [.. r.Incidents.Where(i => i.GetProperty("report").GetProperty("title").GetString() == title)];
        Assert.True(matching.Length == 1, $"expected one incident \"{title}\", stored: " +
            $"{string.Join("; ", r.Incidents.Select(i => i.GetProperty("report").GetProperty("title").GetString()))}. {r.Evidence}");
        return matching[0];
    }

    private static async Task AssertSavedAsync(KdumpLabResult r, JsonElement incident)
    {
        AssertStory(r, incident, "saved", armed: true, 112 * Mib, "vmcore saved to /mnt/crash/127.0.0.1-");
        string vmcore = incident.GetProperty("kdump").GetProperty("vmcorePath").GetString()!;
        Assert.Matches(@"^/mnt/crash/127\.0\.0\.1-[-0-9:]+/vmcore$", vmcore);
        Assert.Contains(vmcore, incident.GetProperty("kdump").GetProperty("reason").GetString(), StringComparison.Ordinal);
        AssertCaptureTranscript(r, incident, "kdump: saving vmcore complete");
        // The path is the one the capture kernel wrote to (its /mnt is the dump disk): a makedumpfile -c dump is there.
        KdumpLabVm.DiskFile file = await KdumpLabVm.ReadFromDiskAsync(r.Disk!, vmcore["/mnt".Length..]);
        Assert.True(file.Bytes is { Length: > 0 }, $"no {vmcore} on the dump disk {r.Disk}: {file.Listing}");
        Assert.Equal("KDUMP   "u8.ToArray(), file.Bytes![..8]);
    }

    private static void AssertStory(KdumpLabResult r, JsonElement incident, string outcome, bool armed, long? crashKernel, params string[] reasonWords)
    {
        JsonElement kdump = incident.GetProperty("kdump");
        Assert.True(kdump.ValueKind == JsonValueKind.Object, $"incident {incident.GetProperty("id")} has no kdump story. {r.Evidence}");
        string reason = kdump.GetProperty("reason").GetString()!;
        Assert.True(kdump.GetProperty("outcome").GetString() == outcome, $"outcome {kdump.GetProperty("outcome")} ({reason}), expected {outcome}. {r.Evidence}");
        foreach (string word in reasonWords)
        {
            Assert.Contains(word, reason, StringComparison.Ordinal);
        }
        Assert.Equal(armed, kdump.GetProperty("armed").GetBoolean());
        if (crashKernel is { } bytes)
        {
            Assert.Equal(bytes, kdump.GetProperty("crashkernel").GetInt64());
        }
        // The report carries the same story as the incident.
        Assert.Equal(outcome, incident.GetProperty("report").GetProperty("kdump").GetProperty("outcome").GetString());

        // The fleet: the console's readiness from its first kernel, and this crash as its last one.
        Assert.Equal(armed, r.Fleet.GetProperty("readiness").GetProperty("armed").GetBoolean());
        if (crashKernel is { } reserved && armed)
        {
            // the fleet's JSON names the field as the incident's and the offline verb's do
            Assert.Equal(reserved, r.Fleet.GetProperty("readiness").GetProperty("crashkernel").GetInt64());
        }
        Assert.Equal(outcome, r.Fleet.GetProperty("lastCrash").GetProperty("kdump").GetProperty("outcome").GetString());
        Assert.Matches($@"{r.Case.Name}\s+{(armed ? "yes" : "NO")}\s+{r.Case.CrashKernel}\s+\S+ \S+\s+{outcome}\s", r.FleetTable);
    }

    private static void AssertCaptureTranscript(KdumpLabResult r, JsonElement incident, string line)
    {
        string[] capture = [.. incident.GetProperty("captureTranscript").EnumerateArray().Select(l => l.GetProperty("text").GetString()!)];
        Assert.True(capture.Any(l => l.Contains("elfcorehdr=", StringComparison.Ordinal)),
            $"the capture transcript ({capture.Length} lines) has no capture kernel command line. {r.Evidence}");
        Assert.Contains(capture, l => l.Contains(line, StringComparison.Ordinal));
    }

    private static void AssertNoCaptureKernel(KdumpLabResult r, JsonElement incident)
    {
        Assert.DoesNotContain(incident.GetProperty("captureTranscript").EnumerateArray(),
            l => l.GetProperty("text").GetString()!.Contains("elfcorehdr=", StringComparison.Ordinal));
        Assert.Contains(r.Notes, n => n.GetProperty("incident").GetInt64() == incident.GetProperty("id").GetInt64()
                                      && n.GetProperty("text").GetString()!.Contains(" stored: ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The incident was stored at the crash, before the capture kernel had done its part, then updated: tail's first
    /// note of it is "stored" without the final outcome, its last one the final outcome; and the store's own time of it
    /// is before the receive time of the story's last step.
    /// </summary>
    private static void AssertStoredBeforeTheStoryEnded(KdumpLabResult r, JsonElement incident, string outcome)
    {
        long id = incident.GetProperty("id").GetInt64();
        string[] notes = [.. r.Notes.Where(n => n.GetProperty("incident").GetInt64() == id).Select(n => n.GetProperty("text").GetString()!)];
        Assert.True(notes.Length >= 2, $"tail showed {notes.Length} note(s) of incident {id}: {string.Join(" | ", notes)}. {r.Evidence}");
        Assert.StartsWith($"[solwatch] incident {id} stored: ", notes[0], StringComparison.Ordinal);
        Assert.DoesNotContain($"kdump {outcome}", notes[0], StringComparison.Ordinal);
        Assert.StartsWith($"[solwatch] incident {id} kdump {outcome}: ", notes[^1], StringComparison.Ordinal);
        TailNotes.AssertEachNoteMovesTheStoryOn(notes, id);

        DateTimeOffset storedAt = incident.GetProperty("storedAt").GetDateTimeOffset();
        JsonElement lastStep = incident.GetProperty("kdump").GetProperty("timeline").EnumerateArray().Last();
        Assert.True(storedAt < lastStep.GetProperty("at").GetDateTimeOffset(),
            $"incident {id} stored at {storedAt:O}, not before its story's last step ({lastStep}). {r.Evidence}");
    }
}
