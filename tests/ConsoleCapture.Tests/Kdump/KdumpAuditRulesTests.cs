using SolWatch.ConsoleCapture.Kdump;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

public sealed class KdumpAuditRulesTests
{
    private static KdumpHostConnection.Result Stat(string output) => new(output, "", 0, false);

    [Fact]
    public void A_host_without_a_loaded_capture_kernel_fails_and_is_told_to_start_the_kdump_service()
    {
        Assert.Equal(KdumpCheckStatus.Ok, KdumpAuditRules.CrashLoaded("1\n").Status);
        KdumpCheck none = KdumpAuditRules.CrashLoaded("0\n");
        Assert.Equal(KdumpCheckStatus.Fail, none.Status);
        Assert.Contains("kdumpctl start", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Crashkernel_on_the_command_line_with_nothing_reserved_fails_and_a_reservation_is_shown_with_its_option()
    {
        KdumpCheck reserved = KdumpAuditRules.CrashKernel("BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel=1G-4G:192M,4G-:256M quiet", "201326592\n");
        Assert.Equal(KdumpCheckStatus.Ok, reserved.Status);
        Assert.Equal("192M reserved (crashkernel=1G-4G:192M,4G-:256M)", reserved.Reason);

        KdumpCheck tooBig = KdumpAuditRules.CrashKernel("root=/dev/sda1 crashkernel=64G", "0\n");
        Assert.Equal(KdumpCheckStatus.Fail, tooBig.Status);
        Assert.StartsWith("crashkernel=64G is on the command line but nothing is reserved", tooBig.Reason, StringComparison.Ordinal);

        Assert.Equal(KdumpCheckStatus.Fail, KdumpAuditRules.CrashKernel("root=/dev/sda1 nocrashkernel=1", "0").Status);
    }

    [Fact]
    public void Panic_zero_and_panic_on_oops_zero_are_warnings_with_the_setting_to_change()
    {
        KdumpCheck[] waiting = [.. KdumpAuditRules.PanicSettings("0\n0\n")];
        Assert.Equal([KdumpCheckStatus.Warn, KdumpCheckStatus.Warn], waiting.Select(c => c.Status));
        Assert.Contains("kernel.panic_on_oops=1", waiting[1].Reason, StringComparison.Ordinal);

        KdumpCheck[] good = [.. KdumpAuditRules.PanicSettings("10\n1\n")];
        Assert.Equal([KdumpCheckStatus.Ok, KdumpCheckStatus.Ok], good.Select(c => c.Status));
        Assert.Equal("10: reboots 10 s after a panic that kdump does not take", good[0].Reason);
    }

    [Fact]
    public void A_dump_directory_others_can_read_is_a_warning_and_a_missing_one_fails()
    {
        Assert.Equal(KdumpCheckStatus.Ok, KdumpAuditRules.DumpDirectory("/var/crash", Stat("700 root 0 directory\n")).Status);
        KdumpCheck open = KdumpAuditRules.DumpDirectory("/var/crash", Stat("755 root 0 directory\n"));
        Assert.Equal(KdumpCheckStatus.Warn, open.Status);
        Assert.Contains("mode 0755", open.Reason, StringComparison.Ordinal);
        Assert.Contains("chmod 0700 /var/crash", open.Reason, StringComparison.Ordinal);
        KdumpCheck missing = KdumpAuditRules.DumpDirectory("/var/crash", new("",
            "Could not chdir to home directory /nonexistent: No such file or directory\nstat: cannot statx '/var/crash': No such file or directory\n", 1, false));
        Assert.Equal(KdumpCheckStatus.Fail, missing.Status);
        Assert.Equal("/var/crash: stat: cannot statx '/var/crash': No such file or directory; kdump cannot save there", missing.Reason);
    }

    [Fact]
    public void Df_and_meminfo_are_read_even_when_the_file_system_name_holds_spaces()
    {
        Assert.Equal(5_000_000_000L, KdumpAuditRules.Available(
            "Filesystem     1-blocks       Used  Available Capacity Mounted on\nmy disk 10000000000 5000000000 5000000000      50% /var\n"));
        Assert.Equal(16_318_000L * 1024, KdumpAuditRules.MemTotal("MemTotal:       16318000 kB\nMemFree:         1000 kB\n"));
    }

    [Theory]
    [InlineData("==> /etc/kdump.conf\npath /var/crash\ncore_collector makedumpfile -l --message-level 7 -d 31\n", 31)]
    [InlineData("==> /etc/kdump.conf\n#core_collector cp\ncore_collector cp --sparse=always\n", 0)]
    [InlineData("==> /etc/kdump.conf\npath /var/crash\n", 31)]
    [InlineData("==> /etc/default/kdump-tools\nUSE_KDUMP=1\n# MAKEDUMP_ARGS=\"-c -d 31\"\n", 31)]
    [InlineData("==> /etc/default/kdump-tools\nMAKEDUMP_ARGS=\"-c -d 1\"\n", 1)]
    [InlineData("", null)]
    public void The_dump_level_is_read_from_either_tools_configuration_or_its_default(string config, int? level)
    {
        Assert.Equal(level, DumpSpaceRule.DumpLevel(config, out _));
    }

    [Fact]
    public void Free_space_must_be_one_and_a_half_times_ram_unless_the_dump_is_filtered_at_level_31()
    {
        const long ram = 16L << 30;
        Assert.Equal(KdumpCheckStatus.Fail, DumpSpaceRule.Check("/var/crash", 20L << 30, ram, null, "no config").Status);
        Assert.Equal(KdumpCheckStatus.Ok, DumpSpaceRule.Check("/var/crash", 24L << 30, ram, null, "no config").Status);
        KdumpCheck filtered = DumpSpaceRule.Check("/var/crash", 20L << 30, ram, 31, "/etc/kdump.conf: core_collector makedumpfile -d 31");
        Assert.Equal(KdumpCheckStatus.Ok, filtered.Status);
        Assert.Equal("20.0 GiB free in /var/crash, RAM 16.0 GiB; dump filtered at level 31 (/etc/kdump.conf: core_collector makedumpfile -d 31), so 1× RAM = 16.0 GiB", filtered.Reason);
        Assert.Equal(KdumpCheckStatus.Fail, DumpSpaceRule.Check("/var/crash", 10L << 30, ram, 31, "x").Status);
    }

    [Fact]
    public void Paths_are_single_quoted_for_the_remote_shell()
    {
        Assert.Equal("stat -L -c '%a %U %u %F' -- '/var/crash/it'\\''s'", RemoteCommands.Stat("/var/crash/it's"));
    }

    [Fact]
    public void The_named_directory_wins_over_a_newer_dump_and_vmcore_dmesg_over_a_dmesg_stamp_in_one_directory()
    {
        (double, string)[] files =
        [
            (1000, "/var/crash/127.0.0.1-a/vmcore-dmesg.txt"),
            (3000, "/var/crash/202612050410/dmesg.202612050410"),
            (2000, "/var/crash/127.0.0.1-b/dmesg.1"),
            (2000, "/var/crash/127.0.0.1-b/vmcore-dmesg.txt"),
        ];
        DateTimeOffset crash = DateTimeOffset.FromUnixTimeSeconds(1500);
        Assert.Equal("/var/crash/127.0.0.1-a/vmcore-dmesg.txt", VmcoreDmesgFetcher.Choose(files, "/var/crash", crash, "/sysroot/var/crash/127.0.0.1-a/vmcore"));
        Assert.Equal("/var/crash/127.0.0.1-b/vmcore-dmesg.txt", VmcoreDmesgFetcher.Choose(files, "/var/crash/", crash, "/var/crash/127.0.0.1-b"));
        Assert.Equal("/var/crash/202612050410/dmesg.202612050410", VmcoreDmesgFetcher.Choose(files, "/var/crash", crash, null));
        Assert.Null(VmcoreDmesgFetcher.Choose(files, "/var/crash", DateTimeOffset.FromUnixTimeSeconds(100_000), null));
    }
}
