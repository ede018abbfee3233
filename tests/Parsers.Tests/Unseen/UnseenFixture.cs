using System.Text;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>
/// One real console log of Fixtures/unseen with what it must give: header lines (<c>TITLE:</c>, <c>CORRUPTED:</c>, <c>KIND:</c>,
/// <c>IP:</c>, <c>PANICKED:</c>, <c>#</c> comments) up to the first empty line, then the console text.
/// </summary>
internal sealed record UnseenFixture(string Name, string? Title, bool Corrupted, string? Kind, string? IpFunction, bool Panicked, string Source, byte[] Log)
{
    public static string Directory => RepoPaths.Tests("Parsers.Tests", "Fixtures", "unseen");

    public static IEnumerable<UnseenFixture> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.log").Order(StringComparer.Ordinal).Select(Load);

    public static UnseenFixture Load(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        int split = raw.AsSpan().IndexOf("\n\n"u8);
        Assert.True(split > 0, $"{path}: no header");
        string? title = null, kind = null, ip = null, source = null;
        bool corrupted = false, panicked = false;
        foreach (string line in Encoding.UTF8.GetString(raw, 0, split).Split('\n'))
        {
            (string key, string value) = line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
                ? (line[..colon], line[(colon + 2)..].Trim())
                : (line, "");
            switch (key)
            {
                case "TITLE": title = value; break;
                case "CORRUPTED": corrupted = value == "Y"; break;
                case "KIND": kind = value; break;
                case "IP": ip = value == "-" ? null : value; break;
                case "PANICKED": panicked = value == "Y"; break;
                case "# source": source = value; break;
            }
        }
        Assert.False(string.IsNullOrEmpty(source), $"{path}: every unseen fixture names where it was published");
        return new UnseenFixture(Path.GetFileNameWithoutExtension(path), title, corrupted, kind, ip, panicked, source!, raw[(split + 2)..]);
    }

    public override string ToString() => Name;
}
