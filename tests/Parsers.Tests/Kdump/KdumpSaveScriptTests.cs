using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Rules of the ninth round of unseen consoles (Red Hat kernel-tests task logs and console excerpts), each from the
/// tool's own source: kdumpctl's report of the reservation (show_reserved_mem), the journal's tag of the kdump
/// initramfs's save script (kdump.sh, installed only there by 99kdumpbase), and makedumpfile's write_and_check_space
/// message, which carries no function name.
/// </summary>
public class KdumpSaveScriptTests
{
    [Theory]
    [InlineData("kdump: Reserved 256MB memory for crash kernel", 256L << 20)]
    [InlineData("Dec 05 10:00:01 host kdumpctl[812]: kdump: Reserved 4096MB memory for crash kernel", 4096L << 20)]
    public void Kdumpctl_reporting_its_reservation_gives_the_crashkernel_size(string line, long bytes)
    {
        KdumpFinding r = Assert.Single(Readiness(Console(line, "kdump: kexec: loaded kdump kernel", "kdump: Starting kdump: [OK]")));
        Assert.Equal(bytes, r.CrashKernelBytes);
        Assert.True(r.Armed);
    }

    [Fact]
    public void Kdumpctl_reporting_no_reserved_memory_is_not_armed()
    {
        KdumpFinding r = Assert.Single(Readiness(Console("kdump: Reserved 0MB memory for crash kernel")));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Null(r.CrashKernelBytes);
    }

    [Fact]
    public void A_paste_that_starts_inside_the_save_scripts_output_keeps_makedumpfiles_reason()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "[   56.375143] kdump.sh[707]: The kernel version is not supported.",
            "[   56.375331] kdump.sh[707]: Can't write the dump file(/sysroot/var/crash/127.0.0.1-2024-11-10-13:41:20//vmcore-incomplete). No space left on device",
            "[   56.375493] kdump.sh[707]: makedumpfile Failed.",
            "[   56.377139] kdump[711]: saving vmcore failed, exitcode:1")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Contains("Can't write the dump file(", a.Reason, StringComparison.Ordinal);
        Assert.Contains("No space left on device", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_save_scripts_tagged_output_alone_shows_a_capture_kernel_saving()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "[    4.710664] kdump.sh[511]: readmem: type_addr: 0, addr:c00c000000000000, size:16384")));
        Assert.True(a.Armed);
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Contains(a.Timeline, e => e.Event == "saving vmcore");
    }

    [Theory]
    [InlineData("dracut: *** Including module: kdumpbase ***", "dracut-install: installing /usr/lib/dracut/modules.d/99kdumpbase/kdump.sh")]
    [InlineData("$ sudo cat /usr/bin/kdump.sh", "kdumpctl[940]: kdump: kexec: loaded kdump kernel")]
    public void A_line_naming_the_script_file_is_no_capture_kernel(string first, string second)
    {
        Assert.Empty(Attempts(Console(first, second)));
    }
}
