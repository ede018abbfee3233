using System.Text.Json.Nodes;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Scan;

/// <summary><c>solwatch scan --events</c> of the real CLI on real logs of corrected and fatal machine checks.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScanEventsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-scan-events-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Json_gives_one_hardware_object_per_event_beside_the_crash_in_console_order_and_plain_scan_only_the_crash()
    {
        string log = HardwareFixtures.Write(_dir, "console.log", "x86_64-intel-sbridge-edac-corrected-scrub", "x86_64-intel-wsl-fatal-mce-panic");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("scan", "--events", "--format", "json", log);
        Assert.True(code == 0, stderr);
        JsonObject[] found = [.. Lines(stdout).Select(l => JsonNode.Parse(l)!.AsObject())];
        Assert.Equal(["hardware", "hardware", "machine-check"], found.Select(o => (string)o["kind"]!));
        JsonObject corrected = found[0];
        Assert.Equal(log, (string)corrected["source"]!);
        Assert.Equal(("mce", "corrected", 11, "0x8c00004f000800c2", "0xee30a0000", 1, 0, 0), (
            (string)corrected["origin"]!, (string)corrected["severity"]!, (int)corrected["bank"]!, (string)corrected["status"]!,
            (string)corrected["address"]!, (int)corrected["cpu"]!, (int)corrected["channel"]!, (int)corrected["dimm"]!));
        Assert.Equal((1, 8), ((int)corrected["startLine"]!, (int)corrected["endLine"]!));
        Assert.Contains("Corrected error", corrected["statusFlags"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("fatal", (string)found[1]["severity"]!);
        Assert.Equal("kernel panic: Fatal machine check", (string)found[2]["title"]!);

        (code, stdout, _) = await SolwatchProcess.RunAsync("scan", "--format", "json", log);
        Assert.Equal(0, code);
        Assert.Equal(["machine-check"], Lines(stdout).Select(l => (string)JsonNode.Parse(l)!["kind"]!));
    }

    [Fact]
    public async Task Corrected_errors_alone_are_no_crash_for_fail_on_crash_and_text_shows_them_decoded()
    {
        string log = HardwareFixtures.Write(_dir, "ghes.log", "x86_64-ghes-corrected-memory-proxmox", "x86_64-intel-edac-corrected-repeated");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("scan", "--events", "--fail-on-crash", log);
        Assert.True(code == 0, stderr);
        string[] lines = Lines(stdout);
        Assert.Equal(8, lines.Count(l => l.StartsWith($"{log}:", StringComparison.Ordinal) && l.Contains(": hardware: ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("hardware: corrected firmware-reported hardware error: single-bit ECC, at D2", StringComparison.Ordinal));
        Assert.Contains("  severity    corrected (not a crash)", lines);

        (code, stdout, _) = await SolwatchProcess.RunAsync("scan", "--fail-on-crash", log);
        Assert.Equal(0, code);
        Assert.Equal($"{log}: no crash found", stdout.TrimEnd('\n'));
    }
}
