using SolWatch.ConsoleCapture.Cli;

namespace SolWatch.ConsoleCapture.Tests.Cli;

public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ages_are_times_ago_so_since_3h_until_2h_is_the_hour_before_the_last_two()
    {
        Assert.Equal((Now.AddHours(-3), Now.AddHours(-2)), TimeArgument.Window("3h", "2h", Now));
        Assert.Equal((Now.AddHours(-3), (DateTimeOffset?)null), TimeArgument.Window("3h", null, Now));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused_in_words_instead_of_answering_nothing()
    {
        var e = Assert.Throws<CliException>(() => TimeArgument.Window("2h", "3h", Now));
        Assert.Equal(
            "--since 2h is after --until 3h: nothing can be in that window; --since is its start, --until its end " +
            "(an age is a time ago: --since 3h --until 2h is the hour before the last two)",
            e.Message);
        Assert.Throws<CliException>(() => TimeArgument.Window("2026-12-06", "2026-12-05", Now));
    }
}
