using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// The kernel's own refusal of the capture kernel's signature (linux kernel/kexec_file.c, pr_fmt "kexec_file: "):
/// 5.4-5.7 "kernel signature verification failed (%d)." and "%s rejected", 5.8+ "Enforced kernel signature
/// verification failed (%d).". It names the cause better than kexec's strerror before it.
/// </summary>
public class KdumpKexecSignatureTests
{
    [Fact]
    public void A_refused_signature_is_the_reason_kdump_is_not_armed()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Jul 22 22:48:33 localhost.localdomain kdumpctl[662]: Using kexec file based syscall.\n" +
            "Jul 22 22:48:33 localhost.localdomain kdumpctl[4441]: kexec_file_load failed: Accessing a corrupted shared library\n" +
            "Jul 22 22:48:33 localhost.localdomain kernel: kexec_file: kernel signature verification failed (-80).\n" +
            "Jul 22 22:48:33 localhost.localdomain kdumpctl[662]: kexec: failed to load kdump kernel\n"));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal("the kernel refused the capture kernel's signature (kernel signature verification failed (-80))", r.Reason);
    }

    [Theory]
    [InlineData("[   12.345678] kexec_file: Enforced kernel signature verification failed (-126).", "Enforced kernel signature verification failed (-126)")]
    [InlineData("[   12.345678] kexec_file: kexec of unsigned image rejected", "kexec of unsigned image rejected")]
    [InlineData("[   12.345678] kexec_file: kexec of image with unavailable key rejected", "kexec of image with unavailable key rejected")]
    public void Each_of_the_kernels_signature_refusals_is_named(string line, string said)
    {
        KdumpFinding r = Assert.Single(Readiness(line + "\n"));
        Assert.False(r.Armed);
        Assert.Equal($"the kernel refused the capture kernel's signature ({said})", r.Reason);
    }
}
