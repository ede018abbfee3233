using Pidgin;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Tests.Grammar;

public class InstructionPointerGrammarTests
{
    [Theory]
    [InlineData("RIP: 0010:lab_null+0x5/0x20 [labcrash]", "lab_null", "labcrash")] // x86_64
    [InlineData("RIP: 0010:[<ffffffff8123abcd>]  [<ffffffff8123abcd>] vfs_write+0x1a/0x30", "vfs_write", null)] // x86_64 before 4.x
    [InlineData("EIP: lab_null+0x5/0x20 [labcrash]", "lab_null", "labcrash")] // i386
    [InlineData("EIP is at lab_null+0x5/0x20 [labcrash]", "lab_null", "labcrash")] // i386 before 4.x
    [InlineData("IP: [<ffffffff8123abcd>] vfs_write+0x1a/0x30", "vfs_write", null)] // x86 oops first line, before 4.x
    [InlineData("pc : lab_null+0x8/0x14 [labcrash]", "lab_null", "labcrash")] // arm64
    [InlineData("PC is at kthread_stop+0x60/0x524", "kthread_stop", null)] // arm
    [InlineData("NIP [c0000000001234a4] sysrq_handle_crash+0x24/0x30", "sysrq_handle_crash", null)] // powerpc
    [InlineData("epc : schedule_tail+0x72/0xb2", "schedule_tail", null)] // riscv
    [InlineData("Krnl PSW : 0704c00180000000 000003ff8003a0c4 (lab_null+0x14/0x30 [labcrash])", "lab_null", "labcrash")] // s390
    public void Instruction_pointer_lines_of_every_architecture_name_the_function(string text, string function, string? module)
    {
        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(text);
        Assert.True(r.Success, r.Success ? "" : r.Error!.RenderErrorMessage());
        Assert.Equal(function, r.Value.Symbol?.Function);
        Assert.Equal(module, r.Value.Symbol?.Module);
    }

    [Theory]
    [InlineData("    pc: c0000000001ad6f0: .follow_page_mask+0x90/0x650", "follow_page_mask", "c0000000001ad6f0")] // ppc64 xmon
    [InlineData("    pc: c0000000000a5fbc: .submit_bh+0x64/0x1fc", "submit_bh", "c0000000000a5fbc")] // 2.6.11 xmon
    [InlineData("    pc: c00000000007d574: debug_mutex_unlock+0x5c/0x118", "debug_mutex_unlock", "c00000000007d574")] // ELFv2 name
    [InlineData("    pc: c0000000000a5fbc: .ext4_iget+0x64/0x1fc [ext4]", "ext4_iget", "c0000000000a5fbc")] // module symbol
    public void Xmon_pc_lines_name_the_function_after_the_address(string text, string function, string address)
    {
        // arch/powerpc/xmon/xmon.c: printf("    pc: "); xmon_print_symbol(regs->nip, ": ", "\n") — the address, ": ", the symbol.
        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(text);
        Assert.True(r.Success, r.Success ? "" : r.Error!.RenderErrorMessage());
        Assert.Equal(function, r.Value.Symbol?.Function.TrimStart('.'));
        Assert.Equal(address, r.Value.Address);
    }

    [Theory]
    [InlineData("RIP: 0010:lab_null+0x5/0x20 [labcrash]", "lab_null")] // the segment is no xmon address
    [InlineData("RIP: e030:[<ffffffff8100ae7f>]  [<ffffffff8100ae7f>] alloc_p2m+0x25f/0x270", "alloc_p2m")] // Xen PV segment
    public void Segment_selectors_are_not_taken_for_an_xmon_address(string text, string function)
    {
        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(text);
        Assert.True(r.Success);
        Assert.Equal(function, r.Value.Symbol?.Function);
    }

    [Theory]
    [InlineData("RIP: 0033:0x47b7a0", "47b7a0")]
    [InlineData("epc : ffffffe00008c762 ra : ffffffe00008c760 sp : ffffffe00853fec0", "ffffffe00008c762")]
    public void An_unresolved_instruction_pointer_keeps_its_address(string text, string address)
    {
        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(text);
        Assert.True(r.Success);
        Assert.Null(r.Value.Symbol);
        Assert.Equal(address, r.Value.Address);
    }
}
