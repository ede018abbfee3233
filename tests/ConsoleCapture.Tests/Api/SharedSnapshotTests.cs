using System.Diagnostics;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary>The console list built once for the requests that ask together (<see cref="SharedSnapshot{T}"/>).</summary>
public sealed class SharedSnapshotTests
{
    private sealed class Counted
    {
        public int Builds;
    }

    [Fact]
    public async Task A_request_never_gets_a_value_whose_build_started_before_it_asked()
    {
        var counted = new Counted();
        var snapshot = new SharedSnapshot<string>(_ => $"build {Interlocked.Increment(ref counted.Builds)}");

        string first = await snapshot.GetAsync(Stopwatch.GetTimestamp(), CancellationToken.None);
        string second = await snapshot.GetAsync(Stopwatch.GetTimestamp(), CancellationToken.None);

        Assert.Equal("build 1", first);
        Assert.Equal("build 2", second);
    }

    [Fact]
    public async Task A_request_content_with_an_older_value_gets_the_last_one_without_a_build()
    {
        var counted = new Counted();
        var snapshot = new SharedSnapshot<string>(previous => previous ?? $"build {Interlocked.Increment(ref counted.Builds)}");
        long before = Stopwatch.GetTimestamp();

        await snapshot.GetAsync(Stopwatch.GetTimestamp(), CancellationToken.None);
        string again = await snapshot.GetAsync(before, CancellationToken.None);

        Assert.Equal("build 1", again);
        Assert.Equal(1, counted.Builds);
    }

    [Fact]
    public async Task Requests_that_arrive_during_one_build_share_the_next_one()
    {
        var counted = new Counted();
        using var firstBuildMayEnd = new ManualResetEventSlim();
        using var firstBuildStarted = new ManualResetEventSlim();
        var snapshot = new SharedSnapshot<string>(_ =>
        {
            int n = Interlocked.Increment(ref counted.Builds);
            if (n == 1)
            {
                firstBuildStarted.Set();
                firstBuildMayEnd.Wait(TimeSpan.FromSeconds(30));
            }
            return $"build {n}";
        });

        Task<string> first = Task.Run(async () => await snapshot.GetAsync(Stopwatch.GetTimestamp(), CancellationToken.None));
        Assert.True(firstBuildStarted.Wait(TimeSpan.FromSeconds(30)));
        Task<string>[] during = [.. Enumerable.Range(0, 10).Select(_ => snapshot.GetAsync(Stopwatch.GetTimestamp(), CancellationToken.None).AsTask())];
        Assert.DoesNotContain(during, t => t.IsCompleted);
        firstBuildMayEnd.Set();

        Assert.Equal("build 1", await first);
        Assert.All(await Task.WhenAll(during), value => Assert.Equal("build 2", value));
        Assert.Equal(2, counted.Builds);
    }
}
