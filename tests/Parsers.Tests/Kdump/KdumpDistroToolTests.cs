using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Rules of the fourth round of unseen consoles, each written from the tool's own message (file and function named at
/// the rule in KdumpTracker): Debian kdump-tools' kdump-config (its dmesg step, its fallback from makedumpfile to cp,
/// its unreachable dump targets) and fadump's registration as kdumpctl and openSUSE kdump's load.sh say it.
/// </summary>
public class KdumpDistroToolTests
{
    private const string Banner = "Linux version 5.14.21-150400.22-default (geeko@buildhost) #1 SMP Wed May 11 06:57:18 UTC 2022";

    [Theory]
    [InlineData("# makedumpfile --dump-dmesg --partial-dmesg -x /opt/vmlinux  /opt/vmcore dmesgfile2", "dump_dmesg: Can't find variable-length record symbols", "makedumpfile Failed.")]
    [InlineData("loongson@aosc [ ~ ] ! makedumpfile --dump-dmesg vmcore dmesg", "The dmesg log is saved to dmesg.", "makedumpfile Completed.")]
    public void Makedumpfile_run_by_hand_on_a_saved_vmcore_is_no_dump_attempt(string command, string said, string result)
    {
        List<KdumpFinding> findings = Track(Console(
            command,
            "The kernel version is not supported.",
            "The makedumpfile operation may be incomplete.",
            said,
            result));
        Assert.DoesNotContain(findings, f => f.Kind == KdumpFindingKind.DumpAttempt);
    }

    [Fact]
    public void Kdump_tools_running_makedumpfile_for_the_dmesg_still_shows_the_capture_kernel()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "[    5.174084] kdump-tools[747]:  * running makedumpfile --dump-dmesg /proc/vmcore /var/crash/202601210724/dmesg.202601210724")));
        Assert.True(a.Armed);
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Fact]
    public void Kdump_tools_falling_back_to_cp_is_no_verdict_until_the_copy_ends()
    {
        const string Running = "kdump-tools[490]: running makedumpfile -c -d 31 /proc/vmcore | compress > /var/crash/202505261555/dump-incomplete";
        const string Fallback = "kdump-tools[490]: kdump-tools: makedumpfile failed, falling back to 'cp'";
        KdumpFinding going = Assert.Single(Attempts(Console(Running, "kdump-tools[527]: makedumpfile Failed.", Fallback)));
        Assert.Equal(KdumpOutcome.Unknown, going.Outcome);
        Assert.Equal("the console ends while the capture kernel saves the vmcore", going.Reason);

        KdumpFinding saved = Assert.Single(Attempts(Console(
            Running, "kdump-tools[527]: makedumpfile Failed.", Fallback,
            "kdump-tools[490]: kdump-tools: saved vmcore in /var/crash/202505261555")));
        Assert.Equal(KdumpOutcome.Saved, saved.Outcome);
        Assert.Equal("/var/crash/202505261555", saved.VmcorePath);

        KdumpFinding failed = Assert.Single(Attempts(Console(
            Running, Fallback, "kdump-tools[490]: kdump-tools: failed to save vmcore in /var/crash/202505261555")));
        Assert.Equal(KdumpOutcome.SaveFailed, failed.Outcome);
    }

    [Theory]
    [InlineData("kdump-tools[612]: kdump-tools: Unable to mount remote NFS directory 10.0.0.1:/srv/crash. Cannot save core", "Unable to mount remote NFS directory 10.0.0.1:/srv/crash. Cannot save core")]
    [InlineData("kdump-tools[612]: kdump-tools: Unable to write to the remote NFS directory 10.0.0.1:/srv/crash. Cannot save core", "Unable to write to the remote NFS directory")]
    [InlineData("kdump-tools[612]: kdump-tools: Unable to reach remote server kdump@10.0.0.1; can't continue", "Unable to reach remote server kdump@10.0.0.1; can't continue")]
    public void Kdump_tools_unable_to_reach_its_dump_target_is_a_failed_save_even_as_the_first_line(string line, string reason)
    {
        KdumpFinding a = Assert.Single(Attempts(Console(line)));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.True(a.Armed);
        Assert.Contains(reason, a.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Track(Console(line)), f => f.Kind == KdumpFindingKind.Readiness);
    }

    [Theory]
    [InlineData("May 07 02:35:02 host load.sh[3029]: Registered fadump")]
    [InlineData("kdumpctl[812]: kdump: fadump: registered successfully")]
    [InlineData("kdumpctl[812]: kdump: fadump: re-registered successfully")]
    public void Fadump_registered_by_the_kdump_service_arms_the_host(string line)
    {
        KdumpFinding r = Assert.Single(Readiness(Console(Banner, line)));
        Assert.True(r.Armed);
        Assert.Equal("kdump armed: fadump registered", r.Reason);

        KdumpFinding a = Assert.Single(Attempts(Console(Banner, line, "sysrq: Trigger a crash", "Kernel panic - not syncing: sysrq triggered crash")));
        Assert.True(a.Armed);
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Theory]
    [InlineData("load.sh[3029]: FAILED to register fadump: write error: Device or resource busy", "fadump registration failed")]
    [InlineData("kdumpctl[812]: kdump: fadump: failed to register", "fadump registration failed")]
    [InlineData("load.sh[3029]: fadump is not enabled in the kernel.", "fadump is not enabled in this kernel")]
    public void Fadump_the_kdump_service_could_not_register_leaves_the_host_unarmed(string line, string reason)
    {
        KdumpFinding r = Assert.Single(Readiness(Console(Banner, line)));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void Fadump_unregistered_is_no_arming()
    {
        List<KdumpFinding> r = Readiness(Console(Banner, "kdumpctl[812]: kdump: fadump: unregistered successfully"));
        Assert.DoesNotContain(r, f => f.Armed == true);
    }
}
