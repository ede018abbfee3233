using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Incidents;

/// <summary>
/// A console that prints terminal control sequences (an OSC title sequence, a C1 CSI, a right-to-left override, a
/// screen clear in the panic message) before and in its crash: every text output of the real CLI shows them as
/// visible escapes, while <c>--json</c> and <c>transcript --raw</c> give them back exactly.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TerminalSafetyTests : IDisposable
{
    private const string Title = "[    2.252100] \u001b]0;pwned by the console\u0007 the terminal's title";
    private const string Csi = "[    2.252110] \u009b2J\u009b31m a C1 CSI clears the screen";
    private const string Rlo = "[    2.252120] login: \u202eexe.txt";

    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-cli-safety-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => KnownIncidents.Database(_dir);

    /// <summary>
    /// The demo panic's report (as scan reads it) dressed up by a hostile console: control sequences in its title,
    /// panic reason, guilty frame and task; the hostile lines just before it in its context and in the transcripts.
    /// Stored as given (the store keeps any text): the daemon's framer drops 7-bit ESC sequences from lines, but the
    /// API, a database from another build or another writer can hold them, and C1 and bidi characters pass it.
    /// </summary>
    private async Task<byte[]> StoreHostileAsync()
    {
        string demo = Path.Combine(RepoPaths.Root, "samples", "demo-panic.log");
        CrashReport? scanned = null;
        await using (Stream input = File.OpenRead(demo))
        {
            await StreamScanner.ScanAsync(input, r => scanned = r, CancellationToken.None);
        }
        CrashReport report = scanned! with
        {
            Title = "BUG: kernel NULL pointer dereference in \u001b]0;owned\u0007lab_null",
            PanicReason = "Fatal exception \u001b[2J\u001b[H",
            GuiltyFrame = "lab_null\u009b31m",
            Task = new TaskInfo(0, 1, "sh\u202eexe.txt"),
        };
        string[] log = File.ReadAllLines(demo);
        var context = new List<TranscriptLine>();
        foreach (string line in (string[])[Title, Csi, Rlo, .. log[(int)(report.StartLine - 1)..(int)report.EndLine]])
        {
            context.Add(new TranscriptLine(KnownIncidents.Start.AddMilliseconds(context.Count), line));
        }
        byte[] raw = Encoding.UTF8.GetBytes(string.Join("\r\n", (string[])[.. log[..(int)(report.StartLine - 1)], Title, Csi, Rlo, .. log[(int)(report.StartLine - 1)..]]));
        await KnownIncidents.StoreAsync(_dir, new NewIncident(KnownIncidents.Console, "lab-vm", report, context[3].ReceivedAt, context[^1].ReceivedAt, [.. context]),
            [Title, Csi, Rlo], raw);
        return raw;
    }

    private static void AssertSafe(string output)
    {
        int at = output.IndexOfAny(['\u001b', '\u0007', '\u009b', '\u202e', '\r']);
        Assert.True(at < 0, $"a control character reached the output at {at}: {output[Math.Max(0, at - 40)..Math.Min(output.Length, at + 40)]}");
    }

    [Fact]
    public async Task Incidents_show_list_fleet_tail_and_transcript_show_control_sequences_as_visible_escapes()
    {
        await StoreHostileAsync();

        (int code, string show, string stderr) = await SolwatchProcess.RunAsync("incidents", "show", "1", "--db", Database);
        Assert.True(code == 0, stderr);
        AssertSafe(show);
        Assert.Contains(@"\x1b]0;pwned by the console\x07 the terminal's title", show, StringComparison.Ordinal);
        Assert.Contains(@"\u009b2J\u009b31m a C1 CSI", show, StringComparison.Ordinal);
        Assert.Contains(@"login: \u202eexe.txt", show, StringComparison.Ordinal);
        Assert.Contains(@"incident 1: BUG: kernel NULL pointer dereference in \x1b]0;owned\x07lab_null", show, StringComparison.Ordinal);
        Assert.Contains(@"  panicked    yes: Fatal exception \x1b[2J\x1b[H", show, StringComparison.Ordinal);
        Assert.Contains(@"  guilty      lab_null\u009b31m", show, StringComparison.Ordinal);
        Assert.Contains(@"comm sh\u202eexe.txt", show, StringComparison.Ordinal);

        foreach (string[] args in (string[][])[["incidents", "list"], ["fleet"], ["transcript", KnownIncidents.Console], ["transcript", KnownIncidents.Console, "--text"],
                     ["tail", KnownIncidents.Console, "--since", "2026-01-01"]])
        {
            (code, string stdout, stderr) = await SolwatchProcess.RunAsync([.. args, "--db", Database]);
            Assert.True(code == 0, $"{string.Join(' ', args)}: {stderr}");
            AssertSafe(stdout);
            if (args[0] is "transcript" or "tail")
            {
                Assert.Contains(@"[    2.252100] \x1b]0;pwned by the console\x07 the terminal's title", stdout, StringComparison.Ordinal);
                Assert.Contains(@"\u009b2J\u009b31m", stdout, StringComparison.Ordinal);
                Assert.Contains(@"\u202eexe.txt", stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Json_and_raw_output_keep_the_console_text_exact()
    {
        byte[] log = await StoreHostileAsync();

        (int code, string show, string stderr) = await SolwatchProcess.RunAsync("incidents", "show", "1", "--json", "--db", Database);
        Assert.True(code == 0, stderr);
        // Exact once parsed, and safe to look at: JSON writes these characters as \u escapes.
        AssertSafe(show);
        string[] context = [.. JsonSerializer.Deserialize<JsonElement>(show).GetProperty("context").EnumerateArray().Select(l => l.GetProperty("text").GetString()!)];
        Assert.Equal([Title, Csi, Rlo], context.Where(t => t is Title or Csi or Rlo));

        (code, string export, stderr) = await SolwatchProcess.RunAsync("incidents", "export", "--db", Database);
        Assert.True(code == 0, stderr);
        AssertSafe(export);
        JsonElement report = JsonSerializer.Deserialize<JsonElement>(export).GetProperty("report");
        Assert.Equal("Fatal exception \u001b[2J\u001b[H", report.GetProperty("panicReason").GetString());
        Assert.Equal("BUG: kernel NULL pointer dereference in \u001b]0;owned\u0007lab_null", report.GetProperty("title").GetString());

        (code, string lines, stderr) = await SolwatchProcess.RunAsync("transcript", KnownIncidents.Console, "--json", "--db", Database);
        Assert.True(code == 0, stderr);
        AssertSafe(lines);
        Assert.Contains(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonSerializer.Deserialize<JsonElement>(l).GetProperty("text").GetString() == Csi);

        (code, string tail, stderr) = await SolwatchProcess.RunAsync("tail", KnownIncidents.Console, "--json", "--since", "2026-01-01", "--db", Database);
        Assert.True(code == 0, stderr);
        AssertSafe(tail);
        Assert.Contains(tail.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonSerializer.Deserialize<JsonElement>(l).GetProperty("text").GetString() == Rlo);

        string raw = Path.Combine(_dir, "raw.out");
        (code, _, stderr) = await SolwatchProcess.RunAsync("transcript", KnownIncidents.Console, "--raw", "-o", raw, "--db", Database);
        Assert.True(code == 0, stderr);
        Assert.Equal(log, await File.ReadAllBytesAsync(raw));
    }
}
