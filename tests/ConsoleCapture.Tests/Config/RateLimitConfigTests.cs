using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Config;

public sealed class RateLimitConfigTests
{
    private static LoadedConfig Parse(string incidents) => new ConfigLoader().Parse($"""
        incidents:
        {incidents}
        consoles:
          - name: demo
            type: replay
            resource: demo
        """, "solwatch.yaml", Path.GetTempPath());

    [Fact]
    public void Without_the_keys_a_console_stores_twenty_reports_then_one_a_minute()
    {
        LoadedConfig loaded = Parse("  contextLines: 10");

        Assert.Equal(new RateLimitConfig(20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), loaded.Config.Incidents.RateLimit);
    }

    [Fact]
    public void The_rate_limit_keys_are_read_under_incidents()
    {
        LoadedConfig loaded = Parse("""
              rateLimit:
                burst: 5
                every: 30s
                summaryAfter: 10m
            """);

        Assert.Equal(new RateLimitConfig(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), loaded.Config.Incidents.RateLimit);
    }

    [Fact]
    public void A_zero_period_is_refused_with_the_line_and_what_to_do()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("""
              rateLimit:
                burst: -1
                every: 0s
                rate: 3
            """));

        Assert.Equal(
            [
                "solwatch.yaml:3:12: incidents.rateLimit.burst: -1 is out of range (0-1000000)",
                "solwatch.yaml:4:12: incidents.rateLimit.every: must be a positive duration (one more report per this period), e.g. 1m; set burst: 0 to turn the limit off",
                "solwatch.yaml:5:5: incidents.rateLimit.rate: unknown key",
            ],
            e.Errors.Select(x => x.ToString()));
    }
}
