using SolWatch.Storage.Files;

namespace SolWatch.Storage.Tests.Files;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_with_each_failure_between_half_and_all_of_the_planned_delay()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        for (var failures = 1; failures <= 6; failures++)
        {
            var planned = 100 * Math.Pow(2, failures - 1);
            for (var i = 0; i < 50; i++)
            {
                Assert.InRange(backoff.After(failures).TotalMilliseconds, planned / 2, planned);
            }
        }
    }

    [Fact]
    public void Delays_stop_growing_at_the_cap_even_after_very_many_failures()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        foreach (var failures in new[] { 20, 1000, int.MaxValue })
        {
            Assert.InRange(backoff.After(failures).TotalSeconds, 15, 30);
        }
    }

    [Fact]
    public void Delays_are_jittered_so_writers_that_failed_together_do_not_retry_together()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.After(3)).Distinct().Count();
        Assert.True(delays > 10, $"only {delays} distinct delays out of 20");
    }
}
