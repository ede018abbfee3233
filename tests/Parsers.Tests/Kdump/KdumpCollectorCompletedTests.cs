using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Round 14: a capture kernel's console that ends right after its core collector finished. makedumpfile.c main prints
/// "The dumpfile is saved to %s." and "makedumpfile Completed." only when the dump was written (retcd == COMPLETED);
/// what the save script does after it is a rename and a sync (kdump-utils dracut-kdump.sh save_vmcore_fs: `mv
/// vmcore-incomplete vmcore`), so the vmcore is saved. The dmesg step's completion and a write to a pipe are not.
/// </summary>
public class KdumpCollectorCompletedTests
{
    [Fact]
    public void A_save_whose_makedumpfile_completed_is_saved_under_the_name_the_script_renames_it_to()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "kdump.sh[224]: command line: makedumpfile -l --message-level 31 -d 31 /proc/vmcore /sysroot/var/crash/127.0.0.1-2023-04-21-02:50:57//vmcore-incomplete",
            "kdump.sh[224]: Copying data                       : [100.0 %] |",
            "kdump.sh[224]: The dumpfile is saved to /sysroot/var/crash/127.0.0.1-2023-04-21-02:50:57//vmcore-incomplete.",
            "kdump.sh[224]: makedumpfile Completed.")));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.Equal("/sysroot/var/crash/127.0.0.1-2023-04-21-02:50:57//vmcore", a.VmcorePath);
        Assert.Contains("vmcore saved", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_completed_collector_names_the_vmcore_even_when_no_save_script_said_saving_first()
    {
        // Round 22: a fadump capture boot whose own service (not kdump-utils) runs makedumpfile and says nothing of its own
        // before it: the file makedumpfile wrote is the vmcore the verdict is about.
        KdumpFinding a = Assert.Single(Attempts(Console(
            "[    0.000000] rtas fadump: Firmware-assisted dump is active.",
            "[    7.719210] fadump-capture: /proc/vmcore present, saving dump",
            "[   40.362897] fadump-capture.sh[883]: The dumpfile is saved to /var/crash/2026-09-11-17:47/vmcore.",
            "[   40.391248] fadump-capture.sh[883]: makedumpfile Completed.")));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.Equal("/var/crash/2026-09-11-17:47/vmcore", a.VmcorePath);
    }

    [Fact]
    public void The_dmesg_steps_completion_is_no_saved_vmcore()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "kdump-tools[747]:  * running makedumpfile --dump-dmesg /proc/vmcore /var/crash/202601210724/dmesg.202601210724",
            "kdump-tools[765]: The dmesg log is saved to /var/crash/202601210724/dmesg.202601210724.",
            "kdump-tools[765]: makedumpfile Completed.")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Fact]
    public void A_dump_written_to_a_pipe_waits_for_the_tools_own_word()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "kdump-tools[747]:  * running makedumpfile -F -c -d 31 /proc/vmcore | compress > /var/crash/202601210724/dump-incomplete",
            "kdump-tools[769]: The dumpfile is saved to STDOUT.",
            "kdump-tools[769]: makedumpfile Completed.")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Fact]
    public void A_failure_after_the_collector_completed_is_still_a_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "kdump[510]: saving vmcore",
            "kdump.sh[511]: The dumpfile is saved to /sysroot/var/crash/127.0.0.1-2024-03-24-13:37:43/vmcore-incomplete.",
            "kdump.sh[511]: makedumpfile Completed.",
            "kdump[513]: sync vmcore failed, exitcode:1")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
    }

    [Fact]
    public void Makedumpfile_completing_at_a_shell_on_a_saved_dump_is_no_capture_kernel()
    {
        Assert.Empty(Attempts(Console(
            "# makedumpfile -c -d 31 vmcore vmcore.small",
            "Copying data                                      : [100.0 %] \\",
            "The dumpfile is saved to vmcore.small.",
            "makedumpfile Completed.")));
    }
}
