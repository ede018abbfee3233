using System.Text;
using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

public sealed class RawFeedTests
{
    private static string Take(RawViewer viewer, out long skipped, int max = 1 << 20)
    {
        byte[] into = new byte[max];
        int n = viewer.Take(into, out skipped);
        return Encoding.ASCII.GetString(into, 0, n);
    }

    [Fact]
    public void A_feed_has_viewers_only_while_someone_watches()
    {
        var feed = new RawFeed();
        Assert.False(feed.HasViewers);
        RawViewer viewer = feed.Subscribe();
        Assert.True(feed.HasViewers);
        viewer.Dispose();
        Assert.False(feed.HasViewers);
        feed.Publish("nobody reads this"u8);
    }

    [Fact]
    public void Every_viewer_gets_the_bytes_in_order_and_a_late_one_only_those_after_it_came()
    {
        var feed = new RawFeed();
        using RawViewer first = feed.Subscribe();
        feed.Publish("login"u8);
        using RawViewer second = feed.Subscribe();
        feed.Publish(": "u8);

        Assert.Equal("login: ", Take(first, out long skipped));
        Assert.Equal(0, skipped);
        Assert.Equal(": ", Take(second, out _));
        Assert.Equal("", Take(first, out skipped));
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void A_viewer_that_falls_behind_loses_its_oldest_bytes_and_learns_how_many_right_before_the_rest()
    {
        var feed = new RawFeed();
        using RawViewer viewer = feed.Subscribe(capacity: 8);
        feed.Publish("abcdefgh"u8);
        Assert.Equal("abcd", Take(viewer, out long skipped, max: 4));
        Assert.Equal(0, skipped);

        feed.Publish("ijklmn"u8); // 4 held + 6 new in a ring of 8: e and f go

        Assert.Equal("ghijklmn", Take(viewer, out skipped));
        Assert.Equal(2, skipped);
        feed.Publish("o"u8);
        Assert.Equal("o", Take(viewer, out skipped));
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void A_chunk_larger_than_the_ring_keeps_its_end()
    {
        var feed = new RawFeed();
        using RawViewer viewer = feed.Subscribe(capacity: 8);
        feed.Publish("xyz"u8);
        feed.Publish("0123456789abcdefghij"u8);

        Assert.Equal("cdefghij", Take(viewer, out long skipped));
        Assert.Equal(3 + 12, skipped);
    }

    [Fact]
    public void A_viewer_that_never_reads_holds_no_more_than_its_capacity_and_never_holds_up_the_publisher()
    {
        var feed = new RawFeed();
        using RawViewer stuck = feed.Subscribe(capacity: 4096);
        byte[] chunk = new byte[1000];
        long published = 0;
        for (int i = 0; i < 5000; i++)
        {
            chunk.AsSpan().Fill((byte)('a' + i % 26));
            feed.Publish(chunk);
            published += chunk.Length;
            Assert.True(stuck.Count <= stuck.Capacity);
        }

        string held = Take(stuck, out long skipped);
        Assert.Equal(4096, held.Length);
        Assert.Equal(published - 4096, skipped);
        Assert.EndsWith(new string((char)('a' + 4999 % 26), 1000), held, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_what_it_holds_after_its_feed_ended_and_then_its_end()
    {
        var feed = new RawFeed();
        using RawViewer viewer = feed.Subscribe();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        feed.Publish("# "u8);
        feed.Complete();

        Assert.True(await viewer.WaitAsync(timeout.Token));
        Assert.Equal("# ", Take(viewer, out _));
        Assert.False(await viewer.WaitAsync(timeout.Token));
        Assert.False(feed.HasViewers);
        using RawViewer late = feed.Subscribe();
        Assert.False(await late.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task A_waiting_viewer_wakes_when_bytes_arrive()
    {
        var feed = new RawFeed();
        using RawViewer viewer = feed.Subscribe();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ValueTask<bool> waiting = viewer.WaitAsync(timeout.Token);
        Assert.False(waiting.IsCompleted);

        feed.Publish("x"u8);

        Assert.True(await waiting);
        Assert.Equal("x", Take(viewer, out _));
    }
}
