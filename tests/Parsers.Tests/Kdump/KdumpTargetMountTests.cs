using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// kdump-utils mounts a dump target that is not the root disk under /kdumproot in the capture kernel only
/// (kdump-lib.sh get_kdump_mntpoint_from_target, mkdumprd's fstab for the kdump initramfs; systemd's unit is
/// kdumproot.mount): a console naming that mount shows a capture kernel, even one that hangs before kdump.sh prints.
/// </summary>
public class KdumpTargetMountTests
{
    [Theory]
    [InlineData("[    3.103234] systemd[1]: Mounted kdumproot.mount - /kdumproot.")]
    [InlineData("[    2.204734] systemd[1]: Mounting kdumproot.mount - /kdumproot...")]
    [InlineData("[   11.012759] systemd[1]: Mounted /kdumproot.")]
    public void A_mount_of_the_kdump_target_under_kdumproot_means_the_capture_kernel_booted(string line)
    {
        KdumpFinding a = Assert.Single(Attempts(
            line + "\n" +
            "[    3.106639] systemd[1]: Reached target remote-fs.target - Remote File Systems.\n" +
            "[  *** ] Job dev-disk-by\\x2dpath-pci\\x2d0000…tart running (1min 48s / no limit)\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal("the console ends while the capture kernel boots", a.Reason);
        Assert.Contains(a.Timeline, e => e.Event == "kdump target mount (/kdumproot)");
    }

    [Fact]
    public void The_save_after_the_kdumproot_mount_is_read_as_before()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "[   11.012759] systemd[1]: Mounted /kdumproot.\n" +
            "[   11.241854] systemd[1]: Starting Kdump Vmcore Save Service...\n" +
            "[   12.386861] kdump[666]: saving to /kdumproot/192.168.242.53-2024-11-14-07:57:28/\n" +
            "[   12.477687] kdump[677]: saving vmcore\n" +
            "[   13.102345] kdump[690]: saving vmcore complete\n"));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.Equal("/kdumproot/192.168.242.53-2024-11-14-07:57:28/vmcore", a.VmcorePath);
    }

    [Fact]
    public void Dracut_naming_kdumproot_on_its_own_command_line_in_the_first_kernel_is_no_capture_kernel()
    {
        // kdumpctl rebuilding the kdump initramfs: mkdumprd hands dracut --mount "<dev> /kdumproot/<dir> <fs> <opts>",
        // and dracut prints its command line.
        Assert.Empty(Attempts(
            "Feb  8 10:27:31 host dracut[1198]: Executing: /usr/bin/dracut --quiet --hostonly --mount \"/dev/disk/by-uuid/0d1e /kdumproot/var xfs rw,relatime\" -f /var/lib/kdump/initramfs-6.3.8-200.fc38.x86_64kdump.img 6.3.8-200.fc38.x86_64\n"));
    }

    [Fact]
    public void A_kdump_service_error_without_a_crashkernel_argument_is_the_readiness_reason()
    {
        // kdump-tools' init script failing on its own defaults file: no crashkernel= on the console, so the reason is
        // the tool's line, not "crashkernel on the command line".
        KdumpFinding r = Assert.Single(Readiness(
            "[  342.439096] kdump-tools[13655]: /etc/init.d/kdump-tools: 117: /etc/default/kdump-tools: KDUMP_CMDLINE_APPEND+= panic=10 debug: not found\n"));
        Assert.Null(r.Armed);
        Assert.StartsWith("the kdump service said: ", r.Reason, StringComparison.Ordinal);
        Assert.Contains("not found", r.Reason, StringComparison.Ordinal);
    }
}
