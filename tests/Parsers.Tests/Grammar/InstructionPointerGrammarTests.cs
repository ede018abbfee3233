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
    [InlineData("epc   : 80126820 kmem_cache_alloc+0x164/0x1c4", "kmem_cache_alloc", null)] // mips (address, then %pS)
    [InlineData("epc   : ffffffffc03a1234 lab_null+0x14/0x30 [labcrash]", "lab_null", "labcrash")] // mips64
    [InlineData("Krnl PSW : 0704c00180000000 000003ff8003a0c4 (lab_null+0x14/0x30 [labcrash])", "lab_null", "labcrash")] // s390
    public void Instruction_pointer_lines_of_every_architecture_name_the_function(string text, string function, string? module)
    {
        Result<char, ParsedInstructionPointer> r = InstructionPointerGrammar.Line.Parse(text);
        Assert.True(r.Success, r.Success ? "" : r.Error!.RenderErrorMessage());
        Assert.Equal(function, r.Value.Symbol?.Function);
        Assert.Equal(module, r.Value.Symbol?.Module);
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
