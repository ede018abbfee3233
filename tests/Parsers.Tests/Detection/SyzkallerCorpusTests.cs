using SolWatch.Parsers.Reports;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>
/// The detector against the shared corpus of real console logs (../shared/corpus/syzkaller, format in its README):
/// the bar of the project (detected ≥ 99 %, no false positive, exact title ≥ 90 %, corrupted flag ≥ 90 %).
/// </summary>
public class SyzkallerCorpusTests
{
    internal sealed record Case(string Name, string? Title, string[] Alternatives, bool Corrupted, byte[] Log);

    internal static IEnumerable<Case> LoadCorpus()
    {
        string dir = Path.Combine(RepoPaths.Shared, "corpus", "syzkaller");
        Assert.True(Directory.Exists(dir), $"the shared corpus is missing: {dir}");
        foreach (string path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith('.') || name is "README.md" or "LICENSE" or "NOTICE")
            {
                continue;
            }
            byte[] raw = File.ReadAllBytes(path).Where(b => b != '\r').ToArray();
            int split = IndexOf(raw, "\n\n"u8);
            byte[] head = split < 0 ? [] : raw[..split];
            byte[] body = split < 0 ? raw : raw[(split + 2)..];
            int report = IndexOf(body, "\n\nREPORT:\n"u8);
            if (report >= 0)
            {
                body = body[..(report + 1)];
            }
            string? title = null;
            var alts = new List<string>();
            bool corrupted = false;
            foreach (string line in System.Text.Encoding.UTF8.GetString(head).Split('\n'))
            {
                if (line.StartsWith("TITLE: ", StringComparison.Ordinal))
                {
                    title = line[7..].Trim();
                }
                else if (line.StartsWith("ALT: ", StringComparison.Ordinal))
                {
                    alts.Add(line[5..].Trim());
                }
                else if (line.StartsWith("CORRUPTED: Y", StringComparison.Ordinal))
                {
                    corrupted = true;
                }
            }
            yield return new Case(name, title, [.. alts], corrupted, body);
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    [PeerFact(Peers.SharedCorpus)]
    public void The_detector_meets_the_project_bar_on_the_shared_corpus()
    {
        int crashes = 0, detected = 0, falsePositives = 0, titles = 0, corruptedAgree = 0;
        var misses = new List<string>();
        foreach (Case c in LoadCorpus())
        {
            CrashReport? first = DetectorHarness.Scan(c.Log).FirstOrDefault();
            if (c.Title is null)
            {
                if (first is not null)
                {
                    falsePositives++;
                    misses.Add($"{c.Name}: false positive {first.Title}");
                }
                continue;
            }
            crashes++;
            if (first is null)
            {
                misses.Add($"{c.Name}: missed {c.Title}");
                continue;
            }
            detected++;
            if (first.Title == c.Title || c.Alternatives.Contains(first.Title))
            {
                titles++;
            }
            if (first.Corrupted == c.Corrupted)
            {
                corruptedAgree++;
            }
        }
        string detail = string.Join('\n', misses.Take(20));
        Assert.True(crashes > 400, $"only {crashes} crash cases found");
        Assert.True(detected >= 0.99 * crashes, $"detected {detected}/{crashes}\n{detail}");
        Assert.True(falsePositives == 0, $"{falsePositives} false positives\n{detail}");
        Assert.True(titles >= 0.90 * crashes, $"exact titles {titles}/{crashes}");
        Assert.True(corruptedAgree >= 0.90 * detected, $"corrupted flag {corruptedAgree}/{detected}");
    }
}
