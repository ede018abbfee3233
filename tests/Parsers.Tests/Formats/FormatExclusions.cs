using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Formats;

/// <summary>
/// The (console, transform) pairs that legitimately read differently: the table in Formats/README.md, rows
/// <c>| console | transform | reason |</c>, a reason for each.
/// </summary>
internal static class FormatExclusions
{
    private static readonly Lazy<IReadOnlySet<(string Console, string Transform)>> Pairs = new(Load);

    public static bool Excludes(string console, string transform) => Pairs.Value.Contains((console, transform));

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
            if (cells.Length != 5 || cells[1] is "console" || cells[1].StartsWith('-') || cells[3].Length == 0)
            {
                continue;
            }
            pairs.Add((cells[1].Trim('`'), cells[2].Trim('`')));
        }
        return pairs;
    }
}
