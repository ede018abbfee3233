using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Bottlerocket loads its crash kernel with its own tool, prairiedog (bottlerocket-core-kit sources/api/prairiedog,
/// load_crash_kernel), through load-crash-kernel.service: "Crash kernel loaded" only after `kexec -ps` succeeded, "No
/// memory assigned for crash kernel…" (exit 0) when nothing was reserved, "Kexec load syscalls are disabled…" when
/// kernel.kexec_load_disabled is 1 (round 16: Bottlerocket's own test notes).
/// </summary>
public class KdumpBottlerocketLoaderTests
{
    [Fact]
    public void Prairiedogs_crash_kernel_loaded_arms_kdump()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Nov 05 19:17:33 localhost kernel: crashkernel reserved: 0x00000000ec000000 - 0x00000000fc000000 (256 MB)\n" +
            "Nov 05 19:17:35 localhost systemd[1]: Starting Load crash kernel...\n" +
            "Nov 05 19:17:35 localhost prairiedog[1464]: 19:17:35 [INFO] Loading crash kernel\n" +
            "Nov 05 19:17:35 localhost prairiedog[1464]: 19:17:35 [INFO] Crash kernel loaded\n" +
            "Nov 05 19:17:35 localhost systemd[1]: Finished Load crash kernel.\n"));
        Assert.True(r.Armed);
        Assert.Equal(KdumpOutcome.Unknown, r.Outcome);
        Assert.Equal(268435456, r.CrashKernelBytes);
        Assert.Equal("kdump armed: crashkernel 256M reserved, capture kernel loaded", r.Reason);
    }

    [Fact]
    public void Loading_the_crash_kernel_alone_and_the_units_finished_line_say_nothing()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "[    0.000000] crashkernel reserved: 0x00000000ec000000 - 0x00000000fc000000 (256 MB)\n" +
            "Nov 05 19:17:35 localhost prairiedog[1464]: 19:17:35 [INFO] Loading crash kernel\n" +
            "Nov 05 19:17:35 localhost systemd[1]: Finished Load crash kernel.\n"));
        Assert.Null(r.Armed);
    }

    [Fact]
    public void No_memory_assigned_means_not_armed_though_the_unit_finishes()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Jan 06 22:59:28 localhost prairiedog[1508]: 22:59:28 [INFO] No memory assigned for crash kernel. If you want to use kdump, please make sure the host has at least 2GB of memory\n" +
            "Jan 06 22:59:28 localhost systemd[1]: Finished Load crash kernel.\n"));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.StartsWith("no memory reserved for the capture kernel", r.Reason);
    }

    [Fact]
    public void Disabled_kexec_load_syscalls_mean_not_armed()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Jan 06 22:59:28 localhost prairiedog[1508]: 22:59:28 [ERROR] Kexec load syscalls are disabled, please make sure the value of `kernel.kexec_load_disabled` is 0\n"));
        Assert.False(r.Armed);
        Assert.Contains("kexec_load_disabled=1", r.Reason);
    }

    [Fact]
    public void Another_tools_crash_kernel_loaded_prose_is_no_load()
    {
        Assert.Empty(Readiness("Guest panicked and crash kernel loaded\n"));
    }
}
