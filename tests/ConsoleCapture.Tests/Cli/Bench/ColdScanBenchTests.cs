using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Bench;

public sealed class ColdScanBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-coldbench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bench_scan_cold_starts_solwatch_scan_on_each_input_beside_grep_and_prints_a_row_for_each()
    {
        string corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "a.log"),
            "[    1.0] Kernel panic - not syncing: test\n[    1.1] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1\n");
        string work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync(
            "bench", "scan", "--cold", "--size-mb", "1", "--runs", "1", "--corpus", corpus, "--work-dir", work);

        Assert.True(code == 0, stderr);
        Assert.Contains("start-up (scan of an empty file): wall ", stdout, StringComparison.Ordinal);
        Assert.Contains("beside grep -c -F -e 'BUG:'", stdout, StringComparison.Ordinal);
        string[] rows = [.. stdout.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("a-crash-corpus.log ", StringComparison.Ordinal) || l.StartsWith("b-boot-and-service.log ", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        // The crash-dense input is the one panic repeated: the scan printed a report for each, the ordinary logs none.
        Assert.NotEqual("0", rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal("0", rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.True(File.Exists(Path.Combine(work, "empty.log")));
    }
}
