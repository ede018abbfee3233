using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Round 14. fs/proc/vmcore.c creates /proc/vmcore only in a kernel booted with an elfcorehdr (is_vmcore_usable), so a
/// crash or soft-lockup report whose call trace runs through its read or mmap handler is a capture kernel's, failing
/// while it reads the dump. A WARNING or lockdep report in the same path is lived through. And openSUSE kdumptool's
/// "Running &lt;command&gt; failed (N)." (ProcessDataProvider::saveToFile) on /proc/vmcore: the dmesg step's is printed and the
/// save goes on, the vmcore step's is the failed save.
/// </summary>
public class KdumpVmcoreReadReportTests
{
    private static readonly string[] SoftLockupReadingVmcore =
    [
        "watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [cp:318]",
        "CPU: 0 UID: 0 PID: 318 Comm: cp Not tainted 6.14.0-next-20250328 #414 VOLUNTARY",
        "RIP: 0010:rep_movs_alternative+0x5b/0x70",
        "Call Trace:",
        " <TASK>",
        " __copy_oldmem_page.part.0+0x64/0xa0",
        " copy_oldmem_page_encrypted+0x1d/0x30",
        " read_from_oldmem.part.0+0xf4/0x200",
        " read_vmcore+0x206/0x3c0",
        " proc_reg_read_iter+0x59/0x90",
    ];

    [Fact]
    public void A_soft_lockup_while_reading_the_vmcore_is_a_stuck_capture_kernel()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(SoftLockupReadingVmcore)));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Contains("soft lockup", a.Reason, StringComparison.Ordinal);
        Assert.True(a.Armed);
    }

    [Fact]
    public void An_oops_in_the_vmcore_read_path_is_a_crashed_capture_kernel()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "BUG: unable to handle page fault for address: 00007f2a3c000000",
            "CPU: 0 PID: 468 Comm: cp Not tainted 5.15.0+ #6",
            "RIP: 0010:read_from_oldmem.part.0.cold+0x1d/0x86",
            "Call Trace:",
            " read_vmcore+0xd8/0x2f0",
            " proc_reg_read+0x39/0x60")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
    }

    [Fact]
    public void A_lockdep_report_in_the_vmcore_mmap_path_is_lived_through()
    {
        Assert.Empty(Attempts(Console(
            "WARNING: possible circular locking dependency detected",
            "makedumpfile/542 is trying to acquire lock:",
            "       read_vmcore+0x2c2/0x310",
            " mmap_vmcore+0x340/0x580")));
    }

    [Fact]
    public void A_soft_lockup_elsewhere_is_no_capture_kernel()
    {
        Assert.Empty(Attempts(Console(
            "watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [cp:318]",
            "Call Trace:",
            " vfs_read+0x26e/0x350",
            " proc_reg_read_iter+0x59/0x90")));
    }

    [Theory]
    [InlineData(" read_vmcore_x+0x206/0x3c0")]
    [InlineData(" ? __read_vmcore+0x206/0x3c0")]
    [InlineData("[c00000020f4ebd00] [c00000000058da54] mmap_vmcore+0x104/0x4b0")]
    public void Each_frame_of_the_vmcore_handlers_names_a_capture_kernel(string frame)
    {
        KdumpFinding a = Assert.Single(Attempts(Console("watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [cp:318]", frame)));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
    }

    [Fact]
    public void A_word_that_only_holds_the_handlers_name_is_no_frame()
    {
        Assert.Empty(Attempts(Console(
            "watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [cp:318]",
            "the fix makes sure read_vmcore and mmap_vmcore no longer touch the VMSA page")));
    }

    [Fact]
    public void Kdumptools_failed_dmesg_step_on_proc_vmcore_is_a_capture_kernel_still_saving()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "The kernel version is not supported.",
            "The makedumpfile operation may be incomplete.",
            "dump_dmesg: Can't find variable-length record symbols",
            "makedumpfile Failed.",
            "Running makedumpfile --dump-dmesg /proc/vmcore failed (1).")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Contains("the console ends while the capture kernel saves the vmcore", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Kdumptools_failed_vmcore_step_is_a_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Extracting dmesg",
            "makedumpfile Completed.",
            "Saving dump using makedumpfile",
            "readpage_elf: Attempt to read non-existent page at 0x4000000000000000.",
            "makedumpfile Failed.",
            "Running makedumpfile -d 31 -c /proc/vmcore failed (1).")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
    }

    [Fact]
    public void Kdumptool_run_on_a_saved_dump_file_is_no_capture_kernel()
    {
        Assert.Empty(Attempts(Console("Running makedumpfile --dump-dmesg /var/crash/2024-04-12-14:27/vmcore failed (1).")));
    }
}
