using System.Text.Json.Nodes;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Scan;

/// <summary><c>solwatch scan</c> and <c>solwatch kdump</c> give a log's own line numbers (what <c>grep -n</c> and an
/// editor show), whatever lone CRs or over-long lines come before the crash.</summary>
public sealed class ScanFileLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-scan-lines-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Demo => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log"));

    // The line of `log` holding the report's header ("BUG: …"), counted as grep -n counts.
    private static long HeaderLine(byte[] log)
    {
        int at = log.AsSpan().IndexOf("BUG: "u8);
        return log.AsSpan(0, at).Count((byte)'\n') + 1;
    }

    [Theory]
    [InlineData("a 10,000-character line")]
    [InlineData("lone CRs")]
    [InlineData("nothing")]
    public async Task A_crash_is_reported_at_its_line_of_the_file(string before)
    {
        byte[] prefix = before switch
        {
            "a 10,000-character line" => [.. Enumerable.Repeat((byte)'x', 10_000), (byte)'\n'],
            "lone CRs" => "a\rb\rc\r\n"u8.ToArray(),
            _ => [],
        };
        byte[] log = [.. prefix, .. Demo];
        string path = Path.Combine(_dir, "console.log");
        await File.WriteAllBytesAsync(path, log);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("scan", "--format", "json", path);

        Assert.True(code == 0, stderr);
        JsonObject crash = JsonNode.Parse(Assert.Single(stdout.TrimEnd('\n').Split('\n')))!.AsObject();
        Assert.Equal(HeaderLine(log), (long)crash["startLine"]!);
        Assert.Equal(HeaderLine(log), (long)crash["kdump"]!["startLine"]!);

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("kdump", "--json", path);
        Assert.True(code == 0, stderr);
        JsonObject attempt = stdout.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).Single(f => (string)f["kind"]! == "dump");
        Assert.Equal(HeaderLine(log), (long)attempt["startLine"]!);
    }
}
