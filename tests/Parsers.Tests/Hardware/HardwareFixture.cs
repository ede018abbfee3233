using System.Text;
using System.Text.RegularExpressions;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// One console log of Fixtures/hardware with what it must give: header lines (<c># source:</c>, <c># arch:</c>,
/// <c># note:</c>; <c>CRASHES:</c> 0, a crash title, or <c>-</c> when the log's crash is not this test's to judge; one
/// <c>EVENT:</c> line per hardware event in order, <c>name=value</c> pairs for the fields to check) up to the first
/// empty line, then the console text as published.
/// </summary>
internal sealed partial record HardwareFixture(
    string Name, string Source, string? Crash, bool CrashChecked, IReadOnlyList<IReadOnlyDictionary<string, string>> Events, byte[] Log)
{
    public static string Directory => RepoPaths.Tests("Parsers.Tests", "Fixtures", "hardware");

    public static IEnumerable<HardwareFixture> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.log").Order(StringComparer.Ordinal).Select(Load);

    public static HardwareFixture Load(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        int split = raw.AsSpan().IndexOf("\n\n"u8);
        Assert.True(split > 0, $"{path}: no header");
        string? source = null;
        string? crashes = null;
        var events = new List<IReadOnlyDictionary<string, string>>();
        foreach (string line in Encoding.UTF8.GetString(raw, 0, split).Split('\n'))
        {
            if (line.StartsWith("# source: ", StringComparison.Ordinal))
            {
                source = line["# source: ".Length..].Trim();
            }
            else if (line.StartsWith("CRASHES: ", StringComparison.Ordinal))
            {
                crashes = line["CRASHES: ".Length..].Trim();
            }
            else if (line.StartsWith("EVENT: ", StringComparison.Ordinal))
            {
                events.Add(Pairs(line["EVENT: ".Length..]));
            }
        }
        Assert.False(string.IsNullOrEmpty(source), $"{path}: every hardware fixture names where it was published");
        Assert.NotNull(crashes);
        return new HardwareFixture(
            Path.GetFileNameWithoutExtension(path), source!, crashes is "0" or "-" ? null : crashes, crashes != "-", events, raw[(split + 2)..]);
    }

    // "source=mce severity=corrected location=Card01, ChnA, DIMM0 lines=9": a value runs to the next " name=".
    private static Dictionary<string, string> Pairs(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        MatchCollection names = NameRegex().Matches(text);
        for (int i = 0; i < names.Count; i++)
        {
            int start = names[i].Index + names[i].Length;
            int end = i + 1 < names.Count ? names[i + 1].Index : text.Length;
            pairs[names[i].Groups[1].Value] = text[start..end].Trim();
        }
        return pairs;
    }

    [GeneratedRegex(@"(?:^| )([a-z]+)=")]
    private static partial Regex NameRegex();

    public override string ToString() => Name;
}
