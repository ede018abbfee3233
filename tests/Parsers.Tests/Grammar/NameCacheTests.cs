using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Tests.Grammar;

public class NameCacheTests
{
    [Fact]
    public void The_same_name_read_twice_is_the_same_string()
    {
        var cache = new NameCache(1024);
        string first = cache.Get(" do_syscall_64+0x35".AsSpan(1, 13));
        string second = cache.Get("x do_syscall_64".AsSpan(2));
        Assert.Equal("do_syscall_64", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Names_crowding_a_tiny_cache_still_come_back_as_themselves()
    {
        // Two slots for thousands of names: nearly every lookup collides, and each must still return its own name.
        var cache = new NameCache(2);
        for (int i = 0; i < 5_000; i++)
        {
            string name = $"func_{i % 97}_{i % 13}";
            Assert.Equal(name, cache.Get(name.AsSpan()));
        }
    }

    [Fact]
    public void Short_empty_and_overlong_names_are_read_as_they_are()
    {
        var cache = new NameCache(64);
        Assert.Equal("", cache.Get([]));
        Assert.Equal("ab", cache.Get("ab"));
        string longName = new('x', 300);
        Assert.Equal(longName, cache.Get(longName));
    }
}
