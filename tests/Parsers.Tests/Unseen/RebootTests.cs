using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>
/// A machine reset under a running kernel (hardware watchdog, triple fault) leaves no oops, only a new boot on the console:
/// the x86 boot stub's "Booting the kernel." after kernel output, with no orderly shutdown and no crash report before it.
/// </summary>
public class RebootTests
{
    private const string BootStub = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\nBooting from Hard Disk 0...\r\nDecompressing Linux... Parsing ELF... done.\r\nBooting the kernel.\r\n[    0.000000] Linux version 6.1.0-21-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1\r\n";

    [Fact]
    public void A_reset_while_the_kernel_was_running_is_an_unexpected_reboot()
    {
        CrashReport r = Assert.Single(Scan(Console("EXT4-fs (sda1): mounted filesystem", "e1000: eth0 NIC Link is Up 1000 Mbps") + BootStub));
        Assert.Equal("unexpected kernel reboot", r.Title);
        Assert.Equal(CrashKind.Other, r.Kind);
    }

    [Fact]
    public void A_console_that_starts_with_the_boot_is_no_crash() =>
        Assert.Empty(Scan(BootStub + Console("Run /init as init process")));

    [Fact]
    public void Firmware_and_init_lines_in_brackets_before_the_boot_do_not_count_as_a_running_kernel() =>
        Assert.Empty(Scan("[Bds] Booting UEFI QEMU HARDDISK QM00001\r\n[  OK  ] Reached target Shutdown.\r\n" + BootStub));

    [Fact]
    public void A_terminal_programs_clock_before_the_boot_stubs_lines_is_no_running_kernel()
    {
        // tio -t stamps every line it receives, the firmware's and the boot stub's too: "[22:00:01.000] Booting the kernel."
        string stamped = string.Concat(BootStub.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => $"[22:00:01.000] {l}\r\n"));
        Assert.Empty(Scan(stamped));
    }

    [Fact]
    public void A_reset_under_a_running_kernel_is_seen_through_a_terminal_programs_clock()
    {
        string running = Console("EXT4-fs (sda1): mounted filesystem") + BootStub;
        string stamped = string.Concat(running.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => $"[22:00:01.000] {l}\r\n"));
        Assert.Equal("unexpected kernel reboot", Assert.Single(Scan(stamped)).Title);
    }

    [Fact]
    public void An_orderly_restart_before_the_boot_is_no_crash() =>
        Assert.Empty(Scan(Console("systemd-shutdown[1]: Syncing filesystems and block devices.", "reboot: Restarting system") + BootStub));

    [Fact]
    public void A_reboot_after_a_panic_belongs_to_the_panic()
    {
        CrashReport r = Assert.Single(Scan(Console("Kernel panic - not syncing: sysrq triggered crash", "Kernel Offset: disabled",
            "---[ end Kernel panic - not syncing: sysrq triggered crash ]---") + BootStub));
        Assert.Equal("kernel panic: sysrq triggered crash", r.Title);
    }

    [Fact]
    public void The_boot_stubs_words_inside_another_message_are_not_a_reboot() =>
        Assert.Empty(Scan(Console("xfs: Unknown parameter '    Booting the kernel.   '", "fuseblk: Bad value for 'fd'")));
}
