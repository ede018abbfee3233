using CsCheck;
using SolWatch.ConsoleCapture.Supervision;

namespace SolWatch.ConsoleCapture.Tests.Supervision;

public class SupervisorOptionsTests
{
    [Fact]
    public void The_delay_grows_by_the_multiplier_and_stops_at_the_maximum()
    {
        var options = new SupervisorOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2.0, 0.0);

        Assert.Equal(
            [1, 2, 4, 8, 10, 10],
            Enumerable.Range(1, 6).Select(n => options.BaseDelay(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), options.BaseDelay(10_000));
    }

    [Fact]
    public void A_jittered_delay_is_never_longer_than_the_base_delay_nor_shorter_than_its_unjittered_part()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Double[0, 1], Gen.Double[0, 0.99], Gen.Double[1, 10]).Sample((failures, r, jitter, multiplier) =>
        {
            var options = new SupervisorOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), multiplier, jitter);
            TimeSpan baseDelay = options.BaseDelay(failures);
            TimeSpan delay = options.JitteredDelay(failures, r);
            return delay <= baseDelay && delay >= baseDelay * (1 - jitter) - TimeSpan.FromTicks(1) && baseDelay <= options.MaxBackoff;
        });
    }

    [Theory]
    [InlineData(0, 10, 2.0, 0.2, "backoff initial")]
    [InlineData(5, 1, 2.0, 0.2, "backoff max")]
    [InlineData(1, 10, 0.5, 0.2, "backoff multiplier")]
    [InlineData(1, 10, 2.0, 1.0, "backoff jitter")]
    public void Invalid_settings_are_refused_with_a_message_naming_the_setting(int initial, int max, double multiplier, double jitter, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SupervisorOptions(TimeSpan.FromSeconds(initial), TimeSpan.FromSeconds(max), multiplier, jitter));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
