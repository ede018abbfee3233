using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Lines;
using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>powerpc's show_stack() prints "[sp] [ip] %pS" with one printk: a line cut after the two addresses gets its
/// symbol back from the untimed line a mailer wrapped it onto (KNOWN-GAPS: ppc64le-6.16-kernel-bug-slub-fuzzer-flowed-mail).</summary>
public class SplitPowerpcFrameTests
{
    [Theory]
    [InlineData("[c0000003f038fa60] [c0000000002b1aa4] ")]
    [InlineData("[c0000003f038fa60] [c0000000002b1aa4]")]
    [InlineData(" [c0000003f038fa60]  [c0000000002b1aa4]  ")]
    public void A_line_of_only_the_two_frame_addresses_ends_after_them(string text) =>
        Assert.True(SplitPowerpcFrame.EndsAfterAddresses(text));

    [Theory]
    [InlineData("[c0000003f038fa60] [c0000000002b1aa4] futex_hash_free+0x50/0x7c")]
    [InlineData("[c0000003f038f920] [c0000000042b0ee8] 0xc0000000042b0ee8 ")]
    [InlineData("[c0000003f038fa60] ")]
    [InlineData("[  100.000001] [c0000000002b1aa4] ")]
    [InlineData("[<ffffffff81234567>] [<ffffffff81234568>] ")]
    [InlineData("")]
    public void A_frame_with_its_symbol_or_another_bracketed_line_does_not(string text) =>
        Assert.False(SplitPowerpcFrame.EndsAfterAddresses(text));

    [Theory]
    [InlineData("futex_hash_free+0x50/0x7c")]
    [InlineData("qla2x00_do_dpc+0x3c4/0x9a0 [qla2xxx]")]
    [InlineData("do_notify_resume+0xb0/0x13c (unreliable)")]
    public void A_symbol_reference_alone_is_the_cut_off_symbol(string text) =>
        Assert.True(SplitPowerpcFrame.IsBareSymbol(text));

    [Theory]
    [InlineData("(unreliable)")]
    [InlineData("[c0000003f038fa90] [c000000000169f94] __mmput+0x13c/0x1b4")]
    [InlineData("? __mmput+0x13c/0x1b4")]
    [InlineData("nft_fib nft_reject_inet nf_reject_ipv4 nf_reject_ipv6 nft_reject nft_ct")]
    [InlineData("Not tainted 6.16.0-rc1-next-20250613 #1 VOLUNTARY")]
    public void Other_wrapped_text_is_no_cut_off_symbol(string text) =>
        Assert.False(SplitPowerpcFrame.IsBareSymbol(text));

    [Fact]
    public void The_rejoined_line_keeps_its_prefix_and_reads_the_symbol_after_the_addresses()
    {
        const string raw = "[ 4017.318877] [c0000003f038fa60] [c0000000002b1aa4] ";
        var cut = new ReportLine(new KernelLine(raw, 15, null, true));
        ReportLine joined = SplitPowerpcFrame.Rejoined(cut, "futex_hash_free+0x50/0x7c ");
        Assert.Equal("[ 4017.318877] [c0000003f038fa60] [c0000000002b1aa4] futex_hash_free+0x50/0x7c", joined.Raw);
        Assert.Equal("[c0000003f038fa60] [c0000000002b1aa4] futex_hash_free+0x50/0x7c", joined.Text.ToString());
    }

    // A powerpc kernel BUG whose third frame was cut after its addresses by a mailer; its symbol is on the next line,
    // without a printk time. kfree and __slab_free are never blamed: the cut-off frame is the guilty one.
    private static string SlubBugWithCutFrame(string cutFrameTail, string nextLine) =>
        Console(
            "kernel BUG at mm/slub.c:546!",
            "Oops: Exception in kernel mode, sig: 5 [#1]",
            "LE PAGE_SIZE=64K MMU=Radix  SMP NR_CPUS=8192 NUMA pSeries",
            "CPU: 13 UID: 0 PID: 1673332 Comm: sigfuz Kdump: loaded Not tainted 6.16.0-rc1-next-20250613 #1 VOLUNTARY",
            "NIP:  c000000000585fd0 LR: c00000000058686c CTR: 0000000000000000",
            "NIP [c000000000585fd0] __slab_free+0x94/0x444",
            "LR [c00000000058686c] kfree+0x19c/0x488",
            "Call Trace:",
            "[c0000003f038f9f0] [c00000000058686c] kfree+0x19c/0x488",
            "[c0000003f038fa60] [c0000000002b1aa4] " + cutFrameTail)
        + nextLine + "\r\n"
        + Console(
            "[c0000003f038fa90] [c000000000169f94] __mmput+0x13c/0x1b4",
            "[c0000003f038fac0] [c0000000001775c8] exit_mm+0xdc/0x16c",
            "[c0000003f038fb00] [c000000000177864] do_exit+0x20c/0x55c",
            "---[ end trace 0000000000000000 ]---");

    [Fact]
    public void A_frame_cut_after_its_addresses_gets_its_symbol_back_from_the_next_untimed_line()
    {
        CrashReport r = Assert.Single(Scan(SlubBugWithCutFrame("", "futex_hash_free+0x50/0x7c")));
        Assert.Equal("kernel BUG in futex_hash_free", r.Title);
        Assert.Equal("__slab_free", r.Ip?.Function);
        Assert.Equal(["kfree", "futex_hash_free", "__mmput", "exit_mm", "do_exit"], r.Frames.Select(f => f.Function));
    }

    [Fact]
    public void An_untimed_symbol_after_a_whole_frame_line_stays_out_of_the_report()
    {
        CrashReport r = Assert.Single(Scan(SlubBugWithCutFrame("futex_hash_free+0x50/0x7c", "lab_user_space_word+0x1/0x2")));
        Assert.Equal("kernel BUG in futex_hash_free", r.Title);
        Assert.DoesNotContain(r.Frames, f => f.Function == "lab_user_space_word");
    }

    [Fact]
    public void An_untimed_line_that_is_no_symbol_leaves_the_cut_frame_unread()
    {
        CrashReport r = Assert.Single(Scan(SlubBugWithCutFrame("", "futex_hash_free")));
        Assert.Equal("kernel BUG in __mmput", r.Title);
    }
}
