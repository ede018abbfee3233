using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// powerpc's crash path prints "Sending IPI to other CPUs" (crash_kexec_prepare_cpus, reached from
/// default_machine_crash_shutdown only when __crash_kexec has a crash image): after an oops whose end marker powerpc's
/// oops_end() printed before crash_kexec(), the oops was fatal and kdump was loaded, even on kernels that print no
/// "Kdump: loaded" (round 19: RHEL 7's 3.10 on a pSeries LPAR). It is no jump: the CPUs may not answer.
/// </summary>
public class KdumpPowerpcCrashIpiTests
{
    private const string OopsWithEndMarker = """
        [  287.464285] Unable to handle kernel paging request for data at address 0x00000001
        [  287.464289] Faulting instruction address: 0xc000000000445af8
        [  287.464294] Oops: Kernel access of bad area, sig: 11 [#1]
        [  287.464296] SMP NR_CPUS=2048 NUMA pSeries
        [  287.464374] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 3.10.0-71.el7.ppc64 #1
        [  287.464382] NIP: c000000000445af8 LR: c000000000445bcc CTR: c000000000445b90
        [  287.464586] [c0000000010a7f90] [c000000000009d30] .start_here_common+0x20/0x70
        [  287.464606] ---[ end trace c469801a8c53d8f1 ]---

        """;

    [Fact]
    public void Sending_ipi_to_other_cpus_after_an_ended_oops_is_an_armed_crash_whose_console_ends()
    {
        KdumpFinding attempt = Assert.Single(Attempts(OopsWithEndMarker
            + "[  287.466582] Sending IPI to other CPUs\n"
            + "[  287.468526] IPI complete\n"));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Equal(true, attempt.Armed);
        Assert.Contains("kdump was loaded; the console ends", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpus_not_responding_after_the_ipi_is_no_jump()
    {
        KdumpFinding attempt = Assert.Single(Attempts(OopsWithEndMarker
            + "[  287.466582] Sending IPI to other CPUs\n"
            + "[  298.011761] ERROR: 15 cpu(s) not responding\n"));
        Assert.DoesNotContain("jumped", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ipi_read_without_the_batch_search_gives_the_same_attempt()
    {
        string console = OopsWithEndMarker + "[  287.466582] Sending IPI to other CPUs\n[  287.468526] IPI complete\n";
        Assert.Equal(
            Track(System.Text.Encoding.UTF8.GetBytes(console)).Select(f => (f.Kind, f.Outcome, f.Reason)),
            Track(System.Text.Encoding.UTF8.GetBytes(console), preScan: false).Select(f => (f.Kind, f.Outcome, f.Reason)));
    }
}
