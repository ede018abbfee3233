using SolWatch.Parsers.Detection;

namespace SolWatch.Parsers.Tests.Detection;

public sealed class SearchAnchorsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(30)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    public void Anchors_are_cut_into_the_fewest_sets_of_even_size_so_no_set_is_left_with_a_word_or_two(int count)
    {
        string[] anchors = [.. Enumerable.Range(0, count).Select(i => $"anchor{i}")];

        string[][] sets = SearchAnchors.Partition(anchors);

        Assert.Equal((count + SearchAnchors.MaxPerSet - 1) / SearchAnchors.MaxPerSet, sets.Length);
        Assert.All(sets, set => Assert.InRange(set.Length, 1, SearchAnchors.MaxPerSet));
        Assert.True(sets.Max(s => s.Length) - sets.Min(s => s.Length) <= 1, string.Join(", ", sets.Select(s => s.Length)));
        Assert.Equal(anchors, sets.SelectMany(s => s));
    }

    [Fact]
    public void The_header_markers_as_searched_leave_no_set_under_four_words()
    {
        // A set of one to three words is searched by its first characters, not by Teddy: slower than a full set on
        // ordinary text when they are common letters (SearchAnchors.InSets).
        Assert.All(SearchAnchors.Partition(HeaderRecognizer.MarkerAnchors), set => Assert.True(set.Length >= 4, string.Join(" | ", set)));
    }
}
