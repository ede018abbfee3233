using System.Text;
using CsCheck;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Search;

namespace SolWatch.Parsers.Tests.Search;

/// <summary>The fused search flags a line with a word's hints exactly when the line holds the word.</summary>
public class FusedWordSearchTests
{
    private static readonly (string Word, LineHints Hints)[] Words =
    [
        ("BUG", LineHints.MayHoldMarker), ("Oops", LineHints.MayHoldMarker), (" [#", LineHints.MayHoldMarker),
        ("Kernel panic - not syncing", LineHints.MayHoldMarker), ("Kernel panic", LineHints.MayHoldFact),
        ("Call Trace", LineHints.MayHoldFact), ("reed", LineHints.MayHoldFact), ("Machine Check", LineHints.MayBeginHardware),
        ("Machine ", LineHints.MayHoldMarker), ("EDAC ", LineHints.MayBeginHardware), ("kdump", LineHints.MayHoldKdumpWord),
        ("Kdump", LineHints.MayHoldKdumpWord), ("rash", LineHints.MayHoldKdumpWord), ("ve: ", LineHints.MayHoldKdumpWord),
        ("Bye!", LineHints.MayHoldCaptureWord), ("Rebooting", LineHints.MayHoldCaptureWord), ("x", LineHints.MayHoldFact),
    ];

    private static readonly FusedWordSearch Search = new(Words);

    // What the search must give: each line's hints from a plain substring test of every word.
    private static LineHints[] Expected(string[] lines, IEnumerable<(string Word, LineHints Hints)> words) =>
        [.. lines.Select(line => words.Where(w => line.Contains(w.Word, StringComparison.Ordinal)).Aggregate(LineHints.None, (h, w) => h | w.Hints))];

    private static LineHints[] Found(string[] lines, FusedWordSearch search)
    {
        var text = new StringBuilder();
        int[] starts = new int[lines.Length + 1];
        for (int i = 0; i < lines.Length; i++)
        {
            starts[i] = text.Length;
            text.Append(lines[i]).Append('\n');
        }
        starts[lines.Length] = text.Length;
        var hints = new LineHints[lines.Length];
        search.Flag(text.ToString(), starts, hints);
        return hints;
    }

    [Fact]
    public void A_word_is_found_at_every_offset_of_a_block_and_at_the_very_end_of_the_text()
    {
        for (int offset = 0; offset < 200; offset++)
        {
            string line = new string('.', offset) + "Kdump: loaded";
            Assert.Equal(LineHints.MayHoldKdumpWord, Found([line], Search)[0]);
            string[] two = [new string('-', offset), "Bye!"];
            Assert.Equal([LineHints.None, LineHints.MayHoldCaptureWord], Found(two, Search));
        }
    }

    [Fact]
    public void A_line_holding_several_words_gets_the_hints_of_each_and_its_neighbours_none()
    {
        string[] lines = ["quiet", "Kernel panic - not syncing: Machine Check in kdump", "quiet too"];
        Assert.Equal(
            [LineHints.None, LineHints.MayHoldMarker | LineHints.MayHoldFact | LineHints.MayBeginHardware | LineHints.MayHoldKdumpWord, LineHints.None],
            Found(lines, Search));
    }

    [Theory]
    [InlineData("\u014Fops")]
    [InlineData("\u804Fops")]
    [InlineData("O\u016Fps")]
    [InlineData("\uFF2Fops")]
    public void A_character_outside_ascii_whose_low_byte_spells_a_word_matches_nothing(string line)
    {
        // Packing characters to bytes saturates them (a low byte alone would read U+014F as 'O').
        string padded = new string(' ', 70) + line + new string(' ', 70);
        Assert.Equal([LineHints.None, LineHints.None], Found([padded, line], Search));
    }

    [Fact]
    public void Lines_shorter_than_a_block_and_an_empty_text_are_searched_too()
    {
        Assert.Equal([LineHints.MayHoldMarker], Found(["BUG"], Search));
        Assert.Equal([LineHints.None], Found([""], Search));
        Assert.Empty(Found([], Search));
    }

    [Fact]
    public void Random_console_lines_are_flagged_exactly_as_a_substring_test_flags_them()
    {
        // Lines made of the words, pieces of them, blanks, digits and characters outside ASCII, at every length.
        string[] pieces = [.. Words.Select(w => w.Word), .. Words.Select(w => w.Word[..Math.Max(1, w.Word.Length / 2)]),
            " ", "  ", "0x1f", "é", "\u014F", "\u804F", "[   12.345678] ", "Kd", "ump", "B", "UG", "ebo", "oting"];
        Gen<string> line = Gen.Int[0, pieces.Length - 1].Array[0, 40].Select(ix => string.Concat(ix.Select(i => pieces[i])));
        line.Array[0, 30].Sample(lines => Assert.Equal(Expected(lines, Words), Found(lines, Search)), iter: 2000);
    }

    [Fact]
    public void The_real_words_of_a_pre_scan_are_flagged_exactly_as_a_substring_test_flags_them()
    {
        (string, LineHints)[] words =
        [
            .. HeaderRecognizer.MarkerAnchors.Select(w => (w, LineHints.MayHoldMarker)),
            .. LineFactsReader.Anchors.Select(w => (w, LineHints.MayHoldFact)),
            .. HardwareAnchors.Words.Select(w => (w, LineHints.MayBeginHardware)),
            .. KdumpAnchors.OwnAnchors.Select(w => (w, LineHints.MayHoldKdumpWord)),
        ];
        var search = new FusedWordSearch(words);
        string[] lines = File.ReadAllLines(DetectorHarness.LabFixture("null.log"));
        Assert.Equal(Expected(lines, words), Found(lines, search));
    }

    [Fact]
    public void A_word_that_is_not_ascii_or_holds_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FusedWordSearch([("é", LineHints.MayHoldFact)]));
        Assert.Throws<ArgumentException>(() => new FusedWordSearch([("a\nb", LineHints.MayHoldFact)]));
        Assert.Throws<ArgumentException>(() => new FusedWordSearch([("", LineHints.MayHoldFact)]));
    }
}
