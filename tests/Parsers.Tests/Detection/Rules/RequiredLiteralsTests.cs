using System.Text.RegularExpressions;
using SolWatch.Parsers.Detection.Rules;

namespace SolWatch.Parsers.Tests.Detection.Rules;

public class RequiredLiteralsTests
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    [Fact]
    public void Each_alternative_gives_its_longest_needed_run_of_letters()
    {
        string[]? words = RequiredLiterals.Of(new Regex(@"^kasan|k?v?(?:m|z|c)alloc|(read|write)_once_.*nocheck|^crc\d+|el1h_64_sync(?:_handler)?", Options));
        Assert.NotNull(words);
        Assert.Equal(["alloc", "crc", "el1h_64_sync", "kasan", "nocheck"], words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_character_made_optional_or_repeated_is_not_part_of_a_word()
    {
        Assert.Equal(["locki"], RequiredLiterals.Of(new Regex("lockin?g", Options))!);
        Assert.Equal(["ab"], RequiredLiterals.Of(new Regex("ab+c", Options))!);
        Assert.Equal(["def"], RequiredLiterals.Of(new Regex("abc*def", Options))!);
        Assert.Equal(["xy"], RequiredLiterals.Of(new Regex("xy[0-9]z", Options))!);
    }

    [Theory]
    [InlineData(@"\x41bc", "bc")]
    [InlineData(@"\u0041bcd", "bcd")]
    [InlineData(@"\p{Lu}xyz", "xyz")]
    [InlineData(@"(?<n>ab)\k<n>cde", "cde")]
    [InlineData(@"(a)\12345", null)]
    [InlineData(@"\cXyz", "yz")]
    public void An_escapes_own_letters_and_digits_are_no_part_of_a_word(string pattern, string? word)
    {
        string[]? words = RequiredLiterals.Of(new Regex(pattern, Options));
        if (word is null)
        {
            Assert.Null(words);
        }
        else
        {
            Assert.Equal([word], words!);
        }
    }

    [Fact]
    public void Patterns_wrapped_each_in_a_group_are_read_inside_their_groups()
    {
        Regex compiled = FrameFilters.Compile(["kernel_fault", "^el1_", "tag_check"]);
        Assert.Equal(["el1_", "kernel_fault", "tag_check"], RequiredLiterals.Of(compiled)!.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a|")]
    [InlineData("(?:foo)?|bar")]
    [InlineData(@"\d+")]
    [InlineData("^.$")]
    [InlineData("(?i)foo")]
    [InlineData("foo(?i:bar)|baz(?-i)")]
    public void A_pattern_with_an_alternative_that_needs_no_sure_word_gives_none(string pattern)
    {
        Assert.Null(RequiredLiterals.Of(new Regex(pattern, Options)));
    }

    [Fact]
    public void Case_blind_patterns_give_no_words()
    {
        Assert.Null(RequiredLiterals.Of(new Regex("foo", Options | RegexOptions.IgnoreCase)));
    }

    [Fact]
    public void The_common_skip_patterns_are_read_whitespace_and_comments_apart()
    {
        string[]? words = RequiredLiterals.Of(FrameFilters.CommonPatterns);
        Assert.NotNull(words);
        Assert.Contains("alloc", words);
        Assert.Contains("nocheck", words);
        Assert.Contains("arm64_is_fatal_ras_serror", words);
        Assert.DoesNotContain(words, w => w.Contains(' ', StringComparison.Ordinal) || w.Contains('#', StringComparison.Ordinal));
    }

    [Fact]
    public void Every_name_of_the_corpora_that_a_skip_pattern_matches_holds_one_of_its_words()
    {
        // The words decide that a name cannot match without running the pattern: over every word of every real console
        // (function names among them), each of the detector's skip pattern sets must agree.
        List<Regex> sets = [FrameFilters.CommonPatterns, .. RuleCatalog.Groups.SelectMany(g => g.Rules)
            .Select(r => r.Stack).OfType<StackSpec>().Where(s => !s.Skip.IsEmpty).Select(s => FrameFilters.Compile(s.Skip))];
        HashSet<string> names = [.. CorpusTexts.All.SelectMany(t => Regex.Matches(t, @"[A-Za-z_][A-Za-z0-9_.$]*").Select(m => m.Value))];
        Assert.True(names.Count > 10_000, $"only {names.Count} names");
        int matched = 0;
        foreach (Regex set in sets)
        {
            string[]? words = RequiredLiterals.Of(set);
            Assert.NotNull(words);
            foreach (string name in names)
            {
                if (set.IsMatch(name))
                {
                    matched++;
                    Assert.True(words.Any(w => name.Contains(w, StringComparison.Ordinal)), $"{name} matches {set} but holds none of its words");
                }
            }
        }
        Assert.True(matched > 1_000, $"only {matched} matches");
    }
}
