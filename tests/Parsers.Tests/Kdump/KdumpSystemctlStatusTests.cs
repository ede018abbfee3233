using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Rules of the seventh round of unseen consoles: `systemctl status kdump.service` (and list-units) pasted into bug
/// reports, read from systemd's own format (systemctl-show.c print_status_info, systemctl-list-units.c); kexec's "Please
/// reserve memory" alone; kdumpctl's rebuild notice; a panic quoted by the crash utility.
/// </summary>
public class KdumpSystemctlStatusTests
{
    private static string Pasted(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    [Theory]
    [InlineData("● kdump.service - Crash recovery kernel arming", "   ")]
    [InlineData("× kdump.service - Crash recovery kernel arming", "     ")]
    [InlineData("* kdump.service - Crash recovery kernel arming", "   ")]
    [InlineData("x kdump.service - Crash recovery kernel arming", "     ")]
    [InlineData("kdump.service - Crash recovery kernel arming", "   ")]
    [InlineData("● kdump-tools.service - Kernel crash dump capture service", "     ")]
    public void A_status_block_whose_Active_line_says_failed_is_not_armed(string header, string indent)
    {
        KdumpFinding r = Assert.Single(Readiness(Pasted(
            "# systemctl status kdump.service",
            header,
            $"{indent}Loaded: loaded (/usr/lib/systemd/system/kdump.service; enabled; vendor preset: enabled)",
            "    Drop-In: /usr/lib/systemd/system/service.d",
            "             └─10-timeout-abort.conf",
            $"{indent}Active: failed (Result: exit-code) since Mon 2024-05-27 01:55:56 EDT; 50s ago",
            $"{indent}Process: 1466 ExecStart=/usr/bin/kdumpctl start (code=exited, status=1/FAILURE)")));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.StartsWith("kdump service failed (kdump", r.Reason, StringComparison.Ordinal);
        Assert.Contains("failed (Result: exit-code))", r.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("active (exited)")]
    [InlineData("inactive (dead)")]
    [InlineData("activating (start)")]
    public void A_status_block_that_did_not_fail_gives_no_failure(string state)
    {
        List<KdumpFinding> all = Track(Pasted(
            "● kdump.service - Crash recovery kernel arming",
            "   Loaded: loaded (/usr/lib/systemd/system/kdump.service; enabled; vendor preset: enabled)",
            $"   Active: {state} since Thu 2023-03-16 09:25:54 EDT; 5s ago",
            " Main PID: 2825 (code=exited, status=0/SUCCESS)"));
        Assert.DoesNotContain(all, f => f.Armed == false || f.Kind == KdumpFindingKind.DumpAttempt);
    }

    [Fact]
    public void The_journal_lines_under_a_failed_block_give_the_reason()
    {
        // systemctl prints the unit's journal under the block: kdumpctl's own words say why it failed.
        KdumpFinding r = Assert.Single(Readiness(Pasted(
            "● kdump.service - Crash recovery kernel arming",
            "   Loaded: loaded (/usr/lib/systemd/system/kdump.service; enabled; vendor preset: enabled)",
            "   Active: failed (Result: exit-code) since Mon 2016-10-24 18:58:21 UTC; 49s ago",
            " Main PID: 812 (code=exited, status=1/FAILURE)",
            "",
            "Oct 24 18:58:21 host kdumpctl[812]: No memory reserved for crash kernel.",
            "Oct 24 18:58:21 host kdumpctl[812]: Starting kdump: [FAILED]")));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.StartsWith("no memory reserved for the capture kernel", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_units_failed_block_is_not_kdumps()
    {
        List<KdumpFinding> all = Track(Pasted(
            "2022-11-02T02:41:13Z platform: some systemd units failed: [kdump.service]",
            "systemctl status kola-runext.service:",
            "× kola-runext.service",
            "   Loaded: loaded (/etc/systemd/system/kola-runext.service; static; vendor preset: disabled)",
            "   Active: failed (Result: exit-code) since Wed 2022-11-02 02:41:14 UTC; 1s ago"));
        Assert.DoesNotContain(all, f => f.Armed == false);
    }

    [Fact]
    public void Only_the_first_Active_line_after_the_header_is_the_kdump_units()
    {
        // An active kdump block, then (systemctl status of several units) another unit's failed one right after it.
        List<KdumpFinding> all = Track(Pasted(
            "● kdump.service - Crash recovery kernel arming",
            "     Loaded: loaded (/usr/lib/systemd/system/kdump.service; enabled; preset: enabled)",
            "     Active: active (exited) since Fri 2026-01-09 09:12:01 CST; 7s ago",
            "",
            "× foo.service - Foo",
            "     Loaded: loaded (/etc/systemd/system/foo.service; static)",
            "     Active: failed (Result: exit-code) since Fri 2026-01-09 09:12:02 CST; 6s ago"));
        Assert.DoesNotContain(all, f => f.Armed == false);
    }

    [Fact]
    public void An_Active_line_far_from_the_kdump_header_is_not_its_own()
    {
        var lines = new List<string> { "● kdump.service - Crash recovery kernel arming" };
        lines.AddRange(Enumerable.Range(0, SystemctlStatus.ActiveWithin).Select(i => $"Jan 09 09:11:5{i} host dracut[2839]: *** Stripping files ***"));
        lines.Add("     Active: failed (Result: exit-code) since Fri 2026-01-09 09:12:02 CST; 6s ago");
        Assert.DoesNotContain(Track(Pasted([.. lines])), f => f.Armed == false);
    }

    [Theory]
    [InlineData("● kdump.service                loaded failed failed Crash recovery kernel arming", false)]
    [InlineData("  kdump.service  loaded  inactive  dead", null)]
    [InlineData("  kdump.service                  loaded active   exited  Crash recovery kernel arming", null)]
    public void A_list_units_line_of_kdump_says_failed_only_when_it_failed(string line, bool? armed)
    {
        List<KdumpFinding> ready = Readiness(Pasted("  UNIT                         LOAD   ACTIVE SUB    DESCRIPTION", line));
        if (armed is null)
        {
            Assert.DoesNotContain(ready, f => f.Armed == false);
            return;
        }
        KdumpFinding r = Assert.Single(ready);
        Assert.Equal(armed, r.Armed);
        Assert.Equal("kdump service failed (kdump.service listed failed by systemctl)", r.Reason);
    }

    [Theory]
    [InlineData("Aug 16 13:56:50.743930 s390kvm085 load.sh[1166]: Please reserve memory by passing\"crashkernel=X@Y\" parameter to kernel")]
    [InlineData("Please reserve memory by passing\"crashkernel=Y@X\" parameter to kernel")]
    public void Kexecs_please_reserve_memory_alone_is_not_armed(string line)
    {
        KdumpFinding r = Assert.Single(Readiness(Pasted(line)));
        Assert.False(r.Armed);
        Assert.StartsWith("no memory reserved for the capture kernel", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Kdumpctls_rebuild_notice_gives_way_to_the_rebuilds_error()
    {
        KdumpFinding r = Assert.Single(Readiness(Pasted(
            "Aug 20 19:37:21 host kdumpctl[1031]: No kdump initial ramdisk found.",
            "Aug 20 19:37:21 host kdumpctl[1031]: Rebuilding /boot/initramfs-4.18.0-221.el8.x86_64kdump.img",
            "Aug 20 19:37:21 host kdumpctl[1031]: /boot does not have write permission. Can not rebuild /boot/initramfs-4.18.0-221.el8.x86_64kdump.img",
            "Aug 20 19:37:21 host kdumpctl[1031]: Starting kdump: [FAILED]")));
        Assert.Equal("kdump service failed: /boot does not have write permission. Can not rebuild /boot/initramfs-4.18.0-221.el8.x86_64kdump.img", r.Reason);
    }

    [Fact]
    public void A_panic_quoted_by_the_crash_utility_is_no_crash()
    {
        Assert.Empty(Attempts(Pasted(
            "      KERNEL: /lib/modules/6.1.20/build/vmlinux",
            "    DUMPFILE: /var/crash/127.0.0.1-2023-03-20-11:15:16/vmcore  [PARTIAL DUMP]",
            "       PANIC: \"Kernel panic - not syncing: sysrq triggered crash\"",
            "         PID: 1660")));
        Assert.Single(Attempts(Console("Kernel panic - not syncing: sysrq triggered crash")));
    }
}
