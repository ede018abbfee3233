using Pidgin;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Tests.Grammar;

public class FrameGrammarTests
{
    [Theory]
    [InlineData(" lab_set.cold+0xe8/0x354 [labcrash]", "lab_set", 0xe8L, 0x354L, "labcrash", true)] // x86_64 4.15+
    [InlineData(" ? do_fault+0x1a7/0x410", "do_fault", 0x1a7L, 0x410L, null, false)]
    [InlineData(" [<ffffffff8123abcd>] ? vfs_write+0x1a/0x30", "vfs_write", 0x1aL, 0x30L, null, false)] // x86 before ORC
    [InlineData(" [<ffffffff8123abcd>] vfs_write+0x1a/0x30", "vfs_write", 0x1aL, 0x30L, null, true)]
    [InlineData("[c00000000b5e3ca0] [c000000000123b50] write_sysrq_trigger+0x70/0xa0", "write_sysrq_trigger", 0x70L, 0xa0L, null, true)] // powerpc
    [InlineData("[c00000000b5e3c00] [c0000000001234a0] __handle_sysrq+0xd0/0x2a0 (unreliable)", "__handle_sysrq", 0xd0L, 0x2a0L, null, false)]
    [InlineData("[c7363c70] [c0631338] schedule+0x30/0xbc (unreliable) ", "schedule", 0x30L, 0xbcL, null, false)] // ppc32, a console's trailing blank
    [InlineData("[c7363c70] [c0631338] schedule+0x30/0xbc (unreliable)\t ", "schedule", 0x30L, 0xbcL, null, false)]
    [InlineData("[c7363d30] [c007d6cc] call_console_drivers.constprop.24+0xe8/0x108 ", "call_console_drivers", 0xe8L, 0x108L, null, true)]
    [InlineData("[<ffffffff01234568>] lab_null+0x8/0x14 [labcrash]", "lab_null", 0x8L, 0x14L, "labcrash", true)] // riscv
    [InlineData(" [<000003ff8003a3d8>] lab_set+0xe8/0x354 [labcrash]", "lab_set", 0xe8L, 0x354L, "labcrash", true)] // s390
    [InlineData("([<000003ff8003a0b6>] lab_null+0x6/0x30 [labcrash])", "lab_null", 0x6L, 0x30L, "labcrash", true)]
    [InlineData(" dump_stack+0x172/0x1f0 lib/dump_stack.c:113", "dump_stack", 0x172L, 0x1f0L, null, true)] // symbolized
    [InlineData(" .sysrq_handle_crash+0x24/0x30", "sysrq_handle_crash", 0x24L, 0x30L, null, true)] // ppc64 ELFv1 dot symbol
    public void Frames_of_every_architecture_parse(string text, string function, long offset, long size, string? module, bool reliable)
    {
        ParsedFrame? r = FrameGrammar.TryParse(text);
        Assert.True(r.HasValue, FrameGrammar.Line.Parse(text) is { Success: false } e ? e.Error!.RenderErrorMessage() : "");
        Assert.Equal(function, r.Value.Symbol.Function);
        Assert.Equal(offset, r.Value.Symbol.Offset);
        Assert.Equal(size, r.Value.Symbol.Size);
        Assert.Equal(module, r.Value.Symbol.Module);
        Assert.Equal(reliable, r.Value.Reliable);
    }

    [Theory]
    // lib/vsprintf.c ptr_to_id(): a %p printed before the hashing key is ready is "(ptrval)" right-aligned in the
    // pointer's width (4.15), later "(____ptrval____)" on 64-bit; print_ip_sym()'s "[<%p>] %pS" frames of an early report
    // (riscv 4.15-4.19) carry it where the address was.
    [InlineData("[<        (ptrval)>] walk_stackframe+0x0/0xa2", "walk_stackframe", null)]
    [InlineData("[<(____ptrval____)>] keystone_finalize_enclave+0x14/0xe4 [keystone_driver]", "keystone_finalize_enclave", "keystone_driver")]
    [InlineData("[<(ptrval)>] show_stack+0x26/0x34", "show_stack", null)]
    public void A_frame_whose_address_is_the_hashed_pointer_placeholder_parses(string text, string function, string? module)
    {
        ParsedFrame? r = FrameGrammar.TryParse(text);
        Assert.True(r.HasValue);
        Assert.Equal(function, r.Value.Symbol.Function);
        Assert.Equal(module, r.Value.Symbol.Module);
        Assert.True(r.Value.Reliable);
    }

    [Theory]
    [InlineData("[<  (ptrvalue)>] func+0x1/0x2")]
    [InlineData("[<ptrval>] func+0x1/0x2")]
    public void Only_the_kernel_s_own_placeholders_stand_for_an_address(string text) => Assert.False(FrameGrammar.Line.Parse(text).Success);

    [Fact]
    public void An_inlined_frame_of_a_symbolized_report_has_no_offset()
    {
        Result<char, ParsedFrame> r = FrameGrammar.Line.Parse(" __dump_stack lib/dump_stack.c:77 [inline]");
        Assert.True(r.Success);
        Assert.Equal("__dump_stack", r.Value.Symbol.Function);
        Assert.Null(r.Value.Symbol.Offset);
    }

    [Theory]
    [InlineData("kernel_init (init/main.c:1501)", "kernel_init")]
    [InlineData("test_bitmap_init (lib/test_bitmap.c:883 lib/test_bitmap.c:889)", "test_bitmap_init")]
    [InlineData("do_one_initcall (./include/linux/jump_label.h:261 ./include/linux/jump_label.h:271 init/main.c:1296)", "do_one_initcall")]
    public void A_frame_decode_stacktrace_sh_rewrote_has_its_locations_and_no_offset(string text, string function)
    {
        // scripts/decode_stacktrace.sh puts one location per inlining level on the frame's line, joined with spaces.
        Result<char, ParsedFrame> r = FrameGrammar.Line.Parse(text);
        Assert.True(r.Success);
        Assert.Equal(function, r.Value.Symbol.Function);
        Assert.Null(r.Value.Symbol.Offset);
    }

    [Theory]
    [InlineData("__switch_to (/home/u/kernel-rk3528/arch/arm64/kernel/process.c:740) (T)", "__switch_to")]
    [InlineData("el0t_64_sync (arch/arm64/kernel/entry.S:600) (C)", "el0t_64_sync")]
    public void A_decoded_frame_with_the_6_14_frame_marker_after_its_location_is_read(string text, string function)
    {
        // arm64's dump_backtrace since 6.14 prints " (T)"/" (C)"/" (P)" after a frame; decode_stacktrace.sh keeps it after
        // the location it puts in place of the offset. The fast path hands the line to the grammar, which reads it.
        ParsedFrame? f = FrameGrammar.TryParse(text);
        Assert.NotNull(f);
        Assert.Equal(function, f.Value.Symbol.Function);
        Assert.Null(f.Value.Symbol.Offset);
    }

    [Fact]
    public void An_arm_backtrace_line_names_the_callee()
    {
        Result<char, ParsedFrame> r = FrameGrammar.Line.Parse("[<801654a4>] (kthread_stop) from [<8163f8d8>] (vhci_shutdown_connection+0x88/0x3a0)");
        Assert.True(r.Success);
        Assert.Equal("kthread_stop", r.Value.Symbol.Function);
    }

    [Theory]
    [InlineData("RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff")]
    [InlineData("Code: 48 89 e5 <0f> 0b")]
    [InlineData("Modules linked in: labcrash(OE)")]
    [InlineData("usb 1-1: new high-speed USB device number 2 using ehci-pci")]
    [InlineData("")]
    public void Lines_that_are_not_frames_do_not_parse(string text) => Assert.False(FrameGrammar.Line.Parse(text).Success);
}
