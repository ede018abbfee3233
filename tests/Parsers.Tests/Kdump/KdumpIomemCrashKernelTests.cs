using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// /proc/iomem pasted on a console names the crash kernel's reservation "Crash kernel" (kernel/crash_reserve.c crashk_res,
/// kernel/resource.c r_show "%*s%0*llx-%0*llx : %s"): its size is the reservation's (round 18: a LoongArch kdump note).
/// </summary>
public class KdumpIomemCrashKernelTests
{
    [Fact]
    public void An_iomem_crash_kernel_region_gives_the_reservations_size()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "# cat /proc/iomem\n" +
            "90400000-bfffffff : System RAM\n" +
            "  91000000-b0ffffff : Crash kernel\n" +
            "Mar 22 17:12:08 bogon kdumpctl[967]: kdump: kexec: loaded kdump kernel\n"));
        Assert.Equal(512L << 20, r.CrashKernelBytes);
        Assert.True(r.Armed);
    }

    [Fact]
    public void The_larger_of_two_crash_kernel_regions_is_the_reservation_the_low_part_is_not()
    {
        // crashkernel=512M,high with its low part: crashk_low_res is named "Crash kernel" too.
        KdumpFinding r = Assert.Single(Readiness(
            "  6f000000-7effffff : Crash kernel\n" +
            "  23e000000-25dffffff : Crash kernel\n"));
        Assert.Equal(512L << 20, r.CrashKernelBytes);
    }

    [Fact]
    public void Addresses_hidden_from_an_unprivileged_reader_and_other_resources_say_nothing()
    {
        Assert.Null(IomemCrashKernel.Size("  00000000-00000000 : Crash kernel"));
        Assert.Null(IomemCrashKernel.Size("  91000000-b0ffffff : Crash kernel (low)"));
        Assert.Null(IomemCrashKernel.Size("  01000000-01ffffff : Kernel code"));
        Assert.Null(IomemCrashKernel.Size("kdump: Reserved 192MB memory for crash kernel"));
        Assert.Equal(0x20000000, IomemCrashKernel.Size("91000000-b0ffffff : Crash kernel"));
    }
}
