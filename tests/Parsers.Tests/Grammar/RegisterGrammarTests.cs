using Pidgin;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Tests.Grammar;

public class RegisterGrammarTests
{
    [Theory]
    [InlineData("RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff", "RBX", "ffff8880053597e0")]
    [InlineData("RSP: 0018:ffffc90000593b80 EFLAGS: 00000246", "RSP", "0018:ffffc90000593b80")]
    [InlineData("x29: ffff80000a0f3c70 x28: ffff0000c2a1b600 x27: 0000000000000000", "x28", "ffff0000c2a1b600")]
    [InlineData("sp : ffff80000a0f3c70", "sp", "ffff80000a0f3c70")]
    [InlineData(" ra : ffffffff80a3b4c2 sp : ff2000000001bd30", "ra", "ffffffff80a3b4c2")]
    [InlineData("EAX: 00000000 EBX: c5a3b000 ECX: 00000000 EDX: 00000000", "EBX", "c5a3b000")]
    public void Register_dump_lines_give_name_value_pairs(string text, string name, string value)
    {
        Result<char, IEnumerable<KeyValuePair<string, string>>> r = RegisterGrammar.Line.Parse(text);
        Assert.True(r.Success, r.Success ? "" : r.Error!.RenderErrorMessage());
        Assert.Contains(new KeyValuePair<string, string>(name, value), r.Value);
    }

    [Theory]
    [InlineData("Hardware name: QEMU Standard PC (Q35 + ICH9, 2009)")]
    [InlineData("CPU: 0 PID: 91 Comm: sh Not tainted 6.1.0")]
    public void Prose_is_not_a_register_dump(string text) => Assert.False(RegisterGrammar.Line.Parse(text).Success);
}
