using SolWatch.Parsers.Detection;

namespace SolWatch.Parsers.Tests.Detection;

public class TitleTextTests
{
    [Theory]
    [InlineData("KASAN: use-after-free Read in foo", "KASAN: use-after-free Read in foo")]
    [InlineData("  WARNING in bar\t", "WARNING in bar")]
    [InlineData("INFO: task hung in  baz", "INFO: task hung in baz")]
    [InlineData("BUG: unable to handle kernel paging request at ffff8801d818fe98", "BUG: unable to handle kernel paging request at ADDR")]
    [InlineData("general protection fault in ext4_fill_super+0x1a/0x30", "general protection fault in ext4_fill_super")]
    [InlineData("BUG: spinlock bad magic on CPU#0, 0x1f", "BUG: spinlock bad magic on CPU#NUM, ADDR")]
    [InlineData("KASAN: slab-out-of-bounds in ip6_fragment", "KASAN: slab-out-of-bounds in ip6_fragment")]
    public void Titles_lose_offsets_numbers_addresses_doubled_and_outer_spaces_and_keep_the_rest(string raw, string title) =>
        Assert.Equal(title, TitleText.Sanitize(raw));
}
