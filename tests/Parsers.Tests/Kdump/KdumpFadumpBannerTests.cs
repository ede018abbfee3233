using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// ppc64's early_setup runs early_init_devtree (arch/powerpc/kernel/prom.c) before start_kernel prints the banner, and
/// there the firmware's dump node is scanned ("Firmware-assisted dump is active.") and fadump_reserve_mem reserves the
/// crash data: a fadump boot's console shows those lines first and its own "Linux version" banner after them. The
/// banner does not start another boot (round 20: a PowerVM LPAR's whole fadump boot, attached to a linuxppc-dev mail).
/// </summary>
public class KdumpFadumpBannerTests
{
    private const string FadumpBootStart = """
        Booting Linux via __start() @ 0x000000000e550000 ...
        [    0.000000] rtas fadump: Firmware-assisted dump is active.
        [    0.000000] fadump: Firmware-assisted dump is active.
        [    0.000000] fadump: Reserving 58368MB of memory at 0x000000c0000000 for preserving crash data
        [    0.000000] lpar: Using radix MMU under hypervisor
        [    0.000000] Linux version 6.5.0-rc4-next-20230731 (root@ltcden8-lp8) (gcc (GCC) 11.3.1) #16 SMP Mon Jul 31 08:57:57 CDT 2023
        [    0.000000] Kernel command line: root=UUID=f9147eae ro crashkernel=3072M fadump=on
        """;

    private const string FailedSave = """
        [    3.398217] systemd[1]: Starting Kdump Vmcore Save Service...
        [    3.426352] kdump[635]: saving to /sysroot/var/crash/127.0.0.1-2023-07-31-09:01:28/
        [    3.440087] kdump[651]: saving vmcore
        [    3.442524] kdump.sh[652]: readpage_elf: Attempt to read non-existent page at 0x4000000000000000.
        [    3.442800] kdump.sh[652]: makedumpfile Failed.
        [    3.443770] kdump[654]: saving vmcore failed, exitcode:1
        [    3.619047] reboot: Restarting system

        """;

    [Fact]
    public void The_banner_after_fadumps_active_line_is_the_same_capture_boot()
    {
        KdumpFinding attempt = Assert.Single(Attempts(FadumpBootStart + "\n" + FailedSave));
        Assert.Equal(KdumpOutcome.SaveFailed, attempt.Outcome);
        Assert.Contains("makedumpfile failed: readpage_elf", attempt.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("rebooted before the save", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_banner_after_the_fadump_boots_own_command_line_is_the_next_boot()
    {
        IReadOnlyList<KdumpFinding> attempts = Attempts(FadumpBootStart + "\n"
            + "[    0.000000] Linux version 6.5.0 (root@host) (gcc 11.3.1) #1 SMP\n"
            + "[    0.000000] Kernel command line: root=UUID=f9147eae ro crashkernel=3072M fadump=on\n");
        KdumpFinding fadump = Assert.Single(attempts);
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, fadump.Outcome);
    }

    [Fact]
    public void The_fadump_boot_read_without_the_batch_search_gives_the_same_attempt()
    {
        string console = FadumpBootStart + "\n" + FailedSave;
        Assert.Equal(
            Track(System.Text.Encoding.UTF8.GetBytes(console)).Select(f => (f.Kind, f.Outcome, f.Reason)),
            Track(System.Text.Encoding.UTF8.GetBytes(console), preScan: false).Select(f => (f.Kind, f.Outcome, f.Reason)));
    }
}
