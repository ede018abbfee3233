using SolWatch.Parsers.Lines;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests;

/// <summary>Every distinct message text of the shared syzkaller corpus and of this project's fixtures (real consoles).</summary>
internal static class CorpusTexts
{
    private static readonly Lazy<IReadOnlyList<string>> Texts = new(Load);

    public static IReadOnlyList<string> All => Texts.Value;

    /// <summary>The console files the texts come from: the shared syzkaller corpus and this project's fixtures.</summary>
    public static IEnumerable<string> Files =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures"), "*.log", SearchOption.AllDirectories));

    private static IReadOnlyList<string> Load()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Files)
        {
            foreach (string line in File.ReadLines(file))
            {
                texts.Add(LinePrefix.Parse(line).Text);
            }
        }
        return [.. texts];
    }
}
