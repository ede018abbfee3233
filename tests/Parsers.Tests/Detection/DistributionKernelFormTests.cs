using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>Message forms of 4.x–6.x distribution kernels on servers (issue 15, round 19).</summary>
public class DistributionKernelFormTests
{
    private static string Text(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void An_x86_fast_refcount_report_is_named_by_the_refcount_site_its_message_prints()
    {
        // kernel/panic.c refcount_error_report() (CONFIG_ARCH_HAS_REFCOUNT, 4.13-5.4): the message, then its own WARN().
        CrashReport r = Assert.Single(Scan(Text(
            "[  226.978221] ------------[ cut here ]------------",
            "[  226.978226] refcount_t hit zero at __nft_mt_tg_destroy+0x20/0x30 [nft_compat] in kworker/u4:4[103], uid/euid: 0/0",
            "[  226.978232] WARNING: CPU: 1 PID: 103 at kernel/panic.c:677 refcount_error_report+0x9b/0xab",
            "[  226.978233] Modules linked in: nft_counter xt_mark nft_compat nf_tables")));
        Assert.Equal("WARNING: refcount bug in __nft_mt_tg_destroy", r.Title);
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void An_x86_fast_refcount_overflow_is_one_report_with_its_warning()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "[  100.000001] refcount_t overflow at xfrm_policy_lookup_bytype+0x269/0x290 in java[99615], uid/euid: 0/0",
            "[  100.000002] WARNING: CPU: 2 PID: 99615 at ../source/kernel/panic.c:612 refcount_error_report+0x96/0xa0",
            "[  100.000003] Call Trace:",
            "[  100.000004]  ex_handler_refcount+0x4e/0x80",
            "[  100.000005]  fixup_exception+0x32/0x40",
            "[  100.000006] ---[ end trace 1d4c7a2e1a0b3c5d ]---")));
        Assert.Equal("WARNING: refcount bug in xfrm_policy_lookup_bytype", r.Title);
    }

    [Fact]
    public void A_refcount_site_the_skip_list_never_blames_passes_the_blame_to_the_stack()
    {
        // sk_stop_timer() drops its caller's socket reference: the caller is named, from the lines the mail kept.
        CrashReport r = Assert.Single(Scan(Text(
            "refcount_t hit zero at sk_stop_timer+0x2c/0x30 in cilium-agent[16359],",
            "uid/euid: 0/0",
            "WARNING: CPU: 0 PID: 16359 at kernel/panic.c:686 refcount_error_report+0x9c/0xa1",
            "...",
            "? inet_put_port+0xa6/0xd0",
            "inet_csk_clear_xmit_timers+0x2e/0x50",
            "tcp_done+0x8b/0xf0")));
        Assert.Equal("WARNING: refcount bug in inet_csk_clear_xmit_timers", r.Title);
    }

    [Fact]
    public void A_warning_of_refcount_error_report_with_no_refcount_message_before_it_stays_a_warning()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "[  162.703955] WARNING: CPU: 1 PID: 10384 at kernel/panic.c:681 refcount_error_report+0x9c/0xac",
            "[  162.703960] RIP: 0010:refcount_error_report+0x9c/0xac",
            "[  162.703961] Call Trace:",
            "[  162.703962]  ex_handler_refcount+0x4e/0x80",
            "[  162.703963]  acrn_trace_release+0x2b/0x70")));
        Assert.StartsWith("WARNING in ", r.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void The_words_refcount_t_inside_a_message_are_no_header()
    {
        Assert.Empty(Scan(Text(
            "[    5.000000] mydriver: refcount_t hit zero at probe time is expected, ignoring")));
    }
}
