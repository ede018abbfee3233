using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Formats;

/// <summary>
/// The (console, transform) pairs that legitimately read differently: the table in Formats/README.md, rows
/// <c>| consoles | transforms | reason |</c> (consoles and transforms separated by commas, or <c>*</c> for every one that rewrites the
/// line's start), a reason for each.
/// </summary>
internal static class FormatExclusions
{
    private static readonly Lazy<IReadOnlySet<(string Console, string Transform)>> Pairs = new(Load);

    public static bool Excludes(string console, string transform) => Pairs.Value.Contains((console, transform));

    // "a, b": those transforms; "*": every transform that rewrites a line's start (ConsoleFormats.KeepsLineStart).
    private static IEnumerable<string> Transforms(string cell) =>
        cell.Trim('`') == "*"
            ? ConsoleFormats.All.Keys.Where(t => !ConsoleFormats.KeepsLineStart(t))
            : cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('`'));

    /// <summary>Every excluded pair.</summary>
    public static IReadOnlySet<(string Console, string Transform)> All => Pairs.Value;

    /// <summary>Fails with every difference, one a line (xunit would cut a list short).</summary>
    public static void Same(List<string> differences) =>
        Assert.True(differences.Count == 0, $"{differences.Count} consoles read differently:\n{string.Join('\n', differences)}");

    private static HashSet<(string, string)> Load()
    {
        var pairs = new HashSet<(string, string)>();
        foreach (string line in File.ReadLines(RepoPaths.Tests("Parsers.Tests", "Formats", "README.md")))
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            // "| a | b | c |" splits into 5 cells, the first and last empty.
            if (cells.Length != 5 || cells[1] is "consoles" or "" || cells[1].StartsWith('-') || cells[3].Length == 0)
            {
                continue;
            }
            foreach (string console in cells[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (string transform in Transforms(cells[2]))
                {
                    pairs.Add((console.Trim('`'), transform));
                }
            }
        }
        return pairs;
    }
}
