using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Search;

/// <summary>
/// A console read with the fused pre-scan (Search/FusedWordSearch, where the CPU has it) gives the very readings it gives
/// with the separate SearchValues passes: the same reports, kdump stories and readiness, hardware events, in the same order.
/// </summary>
public class FusedSearchParityTests
{
    public static TheoryData<string> Consoles()
    {
        var data = new TheoryData<string>();
        foreach (string set in (string[])["eras", "unseen", "hardware", "kdump", "lab"])
        {
            data.Add(RepoPaths.Tests("Parsers.Tests", "Fixtures", set));
        }
        data.Add(Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Consoles))]
    public void Every_console_of_a_fixture_set_reads_the_same_with_the_fused_search_as_with_separate_passes(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            foreach (bool kdump in (bool[])[true, false])
            {
                // 4093: lines split across batches at ever other places; 65536: the daemon's reads.
                foreach (int chunk in (int[])[4093, 65536])
                {
                    Assert.Equal(Read(bytes, chunk, kdump, fused: false), Read(bytes, chunk, kdump, fused: true));
                }
            }
        }
    }

    private static List<string> Read(byte[] bytes, int chunk, bool kdump, bool fused)
    {
        var reader = new ConsoleReader(new DetectorOptions { FusedSearch = fused }, followKdump: kdump);
        var framer = new LineFramer();
        var batch = new FramedBatch();
        var readings = new List<string>();
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            reader.PreScan(batch);
            for (int l = 0; l < batch.Count; l++)
            {
                readings.AddRange(reader.Push(batch, l).Select(r => r.ToString()));
            }
            batch.Clear();
        }
        readings.AddRange(reader.Complete().Select(r => r.ToString()));
        return readings;
    }
}
