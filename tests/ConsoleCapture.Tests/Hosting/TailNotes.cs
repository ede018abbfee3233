using System.Text.RegularExpressions;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// SolWatch's notes among a console's lines in <c>solwatch tail</c>: "[solwatch] incident N stored: TITLE (kdump
/// OUTCOME: REASON)" and "[solwatch] incident N kdump OUTCOME: REASON". tail promises one note per change of the story.
/// </summary>
internal static partial class TailNotes
{
    /// <summary>The stories (OUTCOME: REASON) tail told of incident <paramref name="id"/>, in order; a stored note
    /// without a story counts as an empty one.</summary>
    public static IReadOnlyList<string> StoriesOf(IEnumerable<string> lines, long id) =>
        [.. lines.Select(l => Note().Match(l)).Where(m => m.Success && long.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture) == id)
            .Select(m => m.Groups["stored"].Success ? m.Groups["storedStory"].Value : m.Groups["story"].Value)];

    /// <summary>Fails when tail told the same story of <paramref name="id"/> twice in a row.</summary>
    public static void AssertEachNoteMovesTheStoryOn(IEnumerable<string> lines, long id)
    {
        IReadOnlyList<string> stories = StoriesOf(lines, id);
        for (int i = 1; i < stories.Count; i++)
        {
            Assert.True(stories[i] != stories[i - 1], $"tail told the story of incident {id} twice in a row (\"{stories[i]}\"): {string.Join(" | ", stories)}");
        }
    }

    [GeneratedRegex(@"\[solwatch\] incident (?<id>\d+) (?:(?<stored>stored: .*?(?: \(kdump (?<storedStory>.*)\))?)|kdump (?<story>.*))$")]
    private static partial Regex Note();
}
