using System.IO.Compression;
using System.Text.Json.Nodes;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Scan;

/// <summary><c>solwatch scan</c> and <c>solwatch kdump</c> of the real CLI on gzipped logs cut off before their end, as
/// a log copied off a dying host or a full disk leaves them.</summary>
public sealed class ScanGzipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-scan-gzip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The lab's sysrq crash with kdump saving its vmcore, gzipped in stored blocks and its last `cut` bytes left off.
    private string CutOffLog(int cut)
    {
        byte[] raw = File.ReadAllBytes(RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", "lab-x86_64-6.1-sysrq-ok-saved.log"));
        byte[] console = raw.AsSpan(raw.AsSpan().IndexOf("\n\n"u8) + 2).ToArray();
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.NoCompression))
        {
            gzip.Write(console);
        }
        string path = Path.Combine(_dir, "console.log.gz");
        File.WriteAllBytes(path, buffer.ToArray()[..^cut]);
        return path;
    }

    [Fact]
    public async Task A_cut_off_gzip_log_gives_the_crash_before_the_cut_and_exit_2_naming_the_damage()
    {
        string log = CutOffLog(cut: 8);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("scan", "--format", "json", log);

        Assert.Equal(2, code);
        JsonObject crash = JsonNode.Parse(Assert.Single(stdout.TrimEnd('\n').Split('\n')))!.AsObject();
        Assert.Equal("kernel panic: sysrq triggered crash", (string)crash["title"]!);
        Assert.Contains($"solwatch scan: {log}: damaged or cut-off gzip data", stderr, StringComparison.Ordinal);
        Assert.Contains("what came before the damage was read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kdump_on_a_log_cut_off_in_the_capture_kernel_still_tells_the_attempt_and_names_the_damage()
    {
        string log = CutOffLog(cut: 4000);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", "--json", log);

        Assert.Equal(2, code);
        JsonObject[] findings = [.. stdout.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject())];
        JsonObject attempt = Assert.Single(findings, f => (string)f["kind"]! == "dump");
        Assert.Equal("unknown", (string)attempt["outcome"]!);
        Assert.Equal("the console ends while the capture kernel boots", (string)attempt["reason"]!);
        Assert.Contains($"solwatch kdump: {log}: damaged or cut-off gzip data", stderr, StringComparison.Ordinal);
    }
}
