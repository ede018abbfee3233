using System.Buffers;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Tests.Framing;

public class LineFindsTests
{
    private static readonly SearchValues<string> Words = SearchValues.Create(["panic", "Oops"], StringComparison.Ordinal);

    [Fact]
    public void Each_line_holding_a_word_is_given_once_and_in_order()
    {
        Assert.Equal([1, 3, 4], Finds("ordinary", "Oops: 0002 then panic and panic", "nothing", "panic", "end Oops"));
    }

    [Fact]
    public void A_word_at_the_very_end_of_the_batch_and_on_the_first_line_is_found()
    {
        Assert.Equal([0, 2], Finds("panic", "", "last Oops"));
    }

    [Fact]
    public void A_batch_without_words_or_without_lines_gives_nothing()
    {
        Assert.Empty(Finds("ordinary", "lines"));
        Assert.Empty(Finds());
    }

    [Fact]
    public void A_word_cut_by_a_line_end_is_not_found()
    {
        Assert.Empty(Finds("pan", "ic", "Oo", "ps"));
    }

    [Fact]
    public void Words_far_apart_among_many_short_and_empty_lines_are_each_given_on_their_own_line()
    {
        string[] lines = [.. Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? "" : i % 997 == 0 ? $"x Oops {i}" : i % 1500 == 1 ? "panic" : $"line {i}")];
        int[] expected = [.. Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("Oops", StringComparison.Ordinal) || lines[i] == "panic")];
        Assert.Equal(expected, Finds(lines));
        Assert.True(expected.Length >= 4);
    }

    private static List<int> Finds(params string[] lines)
    {
        var batch = new FramedBatch();
        foreach (string line in lines)
        {
            batch.Add(line);
        }
        var found = new List<int>();
        foreach (int line in new LineFinds(batch.JoinedText, batch.Starts, Words))
        {
            found.Add(line);
        }
        return found;
    }
}
