using System.Text.RegularExpressions;
using SolWatch.Parsers.Detection.Rules;

namespace SolWatch.Parsers.Tests.Detection.Rules;

public class FunctionSetTests
{
    [Fact]
    public void Names_crowding_a_tiny_memo_still_get_their_own_answers()
    {
        // Four slots for hundreds of names: answers are overwritten all the time and must never be mixed up.
        var set = new FunctionSet(new Regex("^kasan|_noabort$", RegexOptions.CultureInvariant), remembered: 4);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 300; i++)
            {
                Assert.True(set.Contains($"__asan_report_load{i}_noabort"));
                Assert.True(set.Contains($"kasan_report_{i}"));
                Assert.False(set.Contains($"do_sys_open_{i}"));
            }
        }
    }

    [Fact]
    public void A_name_is_answered_by_content_not_by_which_string_holds_it()
    {
        var set = new FunctionSet(new Regex("^lock_acquire$", RegexOptions.CultureInvariant), remembered: 64);
        Assert.True(set.Contains("lock_acquire"));
        Assert.True(set.Contains(new string("lock_acquire".AsSpan())));
        Assert.False(set.Contains("lock_acquired"));
    }

    [Fact]
    public void A_name_longer_than_any_kernel_symbol_is_never_matched_and_one_as_long_as_the_longest_is()
    {
        var set = new FunctionSet(new Regex("^kasan|(read|write)_once_.*nocheck", RegexOptions.CultureInvariant), remembered: 64);
        Assert.True(set.Contains("kasan_" + new string('x', FunctionSet.LongestSymbol - 6)));
        Assert.False(set.Contains("kasan_" + new string('x', FunctionSet.LongestSymbol - 5)));
        // A hostile console's endless "name" for a backtracking pattern: answered, not run.
        Assert.False(set.Contains("read_once_" + new string('n', 1_000_000)));
    }

    [Fact]
    public void The_common_skips_answer_the_same_on_every_run_because_no_match_can_time_out()
    {
        Assert.True(FrameFilters.IsBlameless("kasan_report"));
        Assert.True(FrameFilters.IsBlameless("__read_once_word_nocheck"));
        Assert.False(FrameFilters.IsBlameless("do_sys_open"));
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, FrameFilters.Compile(["x"]).MatchTimeout);
    }
}
