using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

public sealed class IncidentRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);

    private static CrashReport Warning(string function) => new()
    {
        Kind = CrashKind.Warning,
        Title = $"WARNING in {function}",
        Fingerprint = "0123456789abcdef",
    };

    private static CrashReport Panic() => new()
    {
        Kind = CrashKind.Oops,
        Title = "BUG: unable to handle kernel NULL pointer dereference in lab_null",
        Fingerprint = "fedcba9876543210",
        Panicked = true,
        PanicReason = "Fatal exception",
    };

    private IncidentRateLimiter Limiter(int burst = 3, int everySeconds = 60) =>
        new("web-01", new IncidentRateLimit { Burst = burst, Every = TimeSpan.FromSeconds(everySeconds) }, _clock);

    [Fact]
    public void The_burst_passes_then_reports_are_suppressed_until_a_token_refills()
    {
        IncidentRateLimiter limiter = Limiter(burst: 3, everySeconds: 60);

        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(i => limiter.TryAdmit(Warning($"f{i}"))));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limiter.TryAdmit(Warning("f5")));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAdmit(Warning("f6")));
        Assert.False(limiter.TryAdmit(Warning("f7")));
        Assert.Equal(4, limiter.SuppressedTotal);
    }

    [Fact]
    public void A_panicked_report_always_passes_even_in_the_middle_of_a_flood()
    {
        IncidentRateLimiter limiter = Limiter(burst: 2);
        for (int i = 0; i < 10_000; i++)
        {
            limiter.TryAdmit(Warning($"func_{i}"));
        }

        Assert.True(limiter.TryAdmit(Panic()));
        Assert.True(limiter.TryAdmit(Panic()));
        Assert.False(limiter.TryAdmit(Warning("after")));
        Assert.Equal(9_999, limiter.SuppressedTotal);
    }

    [Fact]
    public void The_window_ends_once_a_report_would_pass_again_and_its_summary_counts_what_was_held_back()
    {
        IncidentRateLimiter limiter = Limiter(burst: 1, everySeconds: 60);
        limiter.TryAdmit(Warning("f"));
        DateTimeOffset first = _clock.Now;
        for (int i = 0; i < 7; i++)
        {
            limiter.TryAdmit(Warning(i % 3 == 0 ? "often" : $"rare_{i}"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        DateTimeOffset last = _clock.Now - TimeSpan.FromSeconds(1);

        Assert.Null(limiter.TakeEndedWindow()); // 7 s after the bucket emptied: no token yet
        _clock.Advance(TimeSpan.FromSeconds(53));
        SuppressionSummary summary = Assert.IsType<SuppressionSummary>(limiter.TakeEndedWindow());

        Assert.Equal(7, summary.Suppressed);
        Assert.Equal((first, last), (summary.First, summary.Last));
        Assert.Equal(5, summary.DistinctTitles);
        Assert.Equal(("WARNING in often", 3L), summary.TopTitles[0]);
        Assert.Equal(
            "7 more reports suppressed on web-01 between 2026-12-04T12:00:00Z and 2026-12-04T12:00:06Z: 5 distinct titles, most frequent: WARNING in often (3x)",
            summary.Title);
        Assert.Null(limiter.TakeEndedWindow()); // handed out once
        Assert.True(limiter.TryAdmit(Warning("after the flood")));
    }

    [Fact]
    public void A_flood_that_never_stops_still_gets_a_summary_every_summary_period()
    {
        var limiter = new IncidentRateLimiter("web-01",
            new IncidentRateLimit { Burst = 1, Every = TimeSpan.FromMinutes(1), SummaryAfter = TimeSpan.FromMinutes(10) }, _clock);
        var summaries = new List<SuppressionSummary>();
        int admitted = 0;
        for (int second = 0; second < 25 * 60; second++)
        {
            admitted += limiter.TryAdmit(Warning($"f{second}")) ? 1 : 0;
            if (limiter.TakeEndedWindow() is { } summary)
            {
                summaries.Add(summary);
            }
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, summaries.Count);
        Assert.Equal(1 + 24, admitted); // the burst, then one a minute
        Assert.Equal(25 * 60 - admitted, summaries.Sum(s => s.Suppressed) + (limiter.TakeWindow()?.Suppressed ?? 0));
    }

    [Fact]
    public void Distinct_titles_are_tallied_up_to_a_bound_and_the_summary_says_so()
    {
        IncidentRateLimiter limiter = Limiter(burst: 1);
        limiter.TryAdmit(Warning("first"));
        int flood = IncidentRateLimiter.MaxTrackedTitles + 500;
        for (int i = 0; i < flood; i++)
        {
            limiter.TryAdmit(Warning($"func_{i}"));
        }

        SuppressionSummary summary = limiter.TakeWindow()!;

        Assert.Equal(flood, summary.Suppressed);
        Assert.True(summary.TitlesOverflowed);
        Assert.Equal(IncidentRateLimiter.MaxTrackedTitles, summary.DistinctTitles);
        Assert.Contains("more than 1024 distinct titles", summary.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_titles_are_tallied_cut_short()
    {
        IncidentRateLimiter limiter = Limiter(burst: 1);
        limiter.TryAdmit(Warning("first"));
        string huge = new('f', 100_000);
        limiter.TryAdmit(Warning(huge));
        limiter.TryAdmit(Warning(huge));

        SuppressionSummary summary = limiter.TakeWindow()!;

        Assert.Equal(IncidentRateLimiter.MaxTitleLength, summary.TopTitles[0].Title.Length);
        Assert.Equal(2, summary.TopTitles[0].Count);
    }

    [Fact]
    public void A_clock_stepping_back_gives_no_tokens()
    {
        IncidentRateLimiter limiter = Limiter(burst: 1, everySeconds: 60);
        Assert.True(limiter.TryAdmit(Warning("a")));
        _clock.Advance(TimeSpan.FromHours(-5));
        Assert.False(limiter.TryAdmit(Warning("b")));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(limiter.TryAdmit(Warning("c")));
    }

    [Fact]
    public void Burst_zero_turns_the_limit_off()
    {
        IncidentRateLimiter limiter = Limiter(burst: 0);

        Assert.All(Enumerable.Range(0, 1000), i => Assert.True(limiter.TryAdmit(Warning($"f{i}"))));
        Assert.Null(limiter.TakeWindow());
    }

    [Fact]
    public void A_summary_becomes_a_report_of_kind_other_with_a_fingerprint_of_its_own_window()
    {
        IncidentRateLimiter limiter = Limiter(burst: 1);
        limiter.TryAdmit(Warning("x"));
        limiter.TryAdmit(Warning("y"));
        CrashReport one = limiter.TakeWindow()!.ToReport();
        _clock.Advance(TimeSpan.FromHours(1));
        limiter.TryAdmit(Warning("x"));
        limiter.TryAdmit(Warning("y"));
        CrashReport two = limiter.TakeWindow()!.ToReport();

        Assert.Equal(CrashKind.Other, one.Kind);
        Assert.False(one.Panicked);
        Assert.Matches("^[0-9a-f]{16}$", one.Fingerprint);
        Assert.NotEqual(one.Fingerprint, two.Fingerprint);
        Assert.Contains("1x WARNING in y", one.Text, StringComparison.Ordinal);
    }
}
