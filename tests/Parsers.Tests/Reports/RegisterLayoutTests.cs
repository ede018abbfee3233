using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Reports;

public class RegisterLayoutTests
{
    private static KeyValuePair<string, string>[] Dump(string names, string valuePrefix) =>
        [.. names.Split(' ').Select((n, i) => KeyValuePair.Create(n, $"{valuePrefix}{i}"))];

    [Fact]
    public void A_layout_reused_for_the_same_names_gives_what_sorting_afresh_gives()
    {
        var first = Dump("RIP RSP EFLAGS ORIG_RAX RAX RBX RCX RDX RSI RDI RBP R08 R09 R10 R11 R12 R13 R14 R15 RIP", "a");
        var second = Dump("RIP RSP EFLAGS ORIG_RAX RAX RBX RCX RDX RSI RDI RBP R08 R09 R10 R11 R12 R13 R14 R15 RIP", "b");
        RegisterLayout layout = RegisterLayout.Of(first);
        Assert.True(layout.Matches(second));
        Assert.Equal(RegisterDictionary.Of(second), layout.With(second));
        Assert.Equal("b0", layout.With(second)["RIP"]);
    }

    [Fact]
    public void A_layout_does_not_match_other_names_or_another_order()
    {
        RegisterLayout layout = RegisterLayout.Of(Dump("x29 x28 sp pc", "v"));
        Assert.False(layout.Matches(Dump("x29 x28 sp", "v")));
        Assert.False(layout.Matches(Dump("x28 x29 sp pc", "v")));
        Assert.False(layout.Matches(Dump("x29 x28 sp lr", "v")));
        Assert.True(layout.Matches(Dump("x29 x28 sp pc", "w")));
    }

    [Fact]
    public void Random_dumps_sort_the_same_through_a_layout_as_through_a_sorted_list()
    {
        var random = new Random(7);
        string[] names = ["RAX", "RBX", "R08", "R8", "EFLAGS", "ORIG_RAX", "x0", "x10", "x1", "sp", "pc", "A", "AB", "ABCDE", "ABCDF"];
        for (int round = 0; round < 500; round++)
        {
            var pairs = Enumerable.Range(0, random.Next(1, 80))
                .Select(i => KeyValuePair.Create(names[random.Next(names.Length)], $"v{i}")).ToArray();
            RegisterDictionary set = RegisterLayout.Of(pairs).With(pairs);
            var expected = pairs.GroupBy(p => p.Key).Select(g => g.First()).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, set.ToArray());
        }
    }
}
