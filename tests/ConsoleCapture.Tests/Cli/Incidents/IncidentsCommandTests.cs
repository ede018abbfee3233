using System.Text.Json;
using System.Text.Json.Nodes;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Incidents;

/// <summary>The incident verbs of the real CLI on a database made the daemon's way from the demo panic.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IncidentsCommandTests : IDisposable
{
    private static readonly string DemoLog = Path.Combine(RepoPaths.Root, "samples", "demo-panic.log");

    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-cli-incidents-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => KnownIncidents.Database(_dir);

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');

    private static async Task<string> RunOkAsync(params string[] args)
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }

    [Fact]
    public async Task Incidents_show_describes_the_report_as_scan_does_then_the_console_text_with_the_report_start_marked()
    {
        Incident incident = await KnownIncidents.MakeAsync(_dir, await File.ReadAllBytesAsync(DemoLog));

        string[] show = Lines(await RunOkAsync("incidents", "show", "1", "--db", Database));
        string[] scan = Lines(await RunOkAsync("scan", DemoLog));

        Assert.Equal($"incident 1: {incident.Report.Title}", show[0]);
        // The report's description is scan's, line for line (one formatter): kind, panic, ip, task, guilty frame,
        // kernel, call trace, fingerprint.
        int details = Array.FindIndex(scan, l => l.StartsWith("  fingerprint ", StringComparison.Ordinal));
        Assert.Equal(scan[1..(details + 1)], show[1..(details + 1)]);
        Assert.Contains("  kind        oops", show);
        Assert.Contains("  panicked    yes: Fatal exception", show);
        Assert.Contains(show, l => l.StartsWith("  ip          lab_null+0x5/0x20 [labcrash]", StringComparison.Ordinal));
        Assert.Contains($"  guilty      {incident.Report.GuiltyFrame}", show);
        Assert.Contains("  call trace", show);
        Assert.Contains("  console     lab (host lab-vm)", show);

        // Then the console text, after the report's description; its first line, and only it, marked in the margin.
        int text = Array.FindIndex(show, l => l.StartsWith("console text (", StringComparison.Ordinal));
        Assert.True(text > details, "the console text comes after the report");
        // Up to the blank line before the lines after the crash (the capture kernel's), when there are any.
        int after = Array.FindIndex(show, text + 1, l => l.Length == 0);
        string[] context = show[(text + 1)..(after < 0 ? show.Length : after)];
        string[] log = File.ReadAllLines(DemoLog);
        Assert.Equal(incident.Context.Length, context.Length);
        Assert.Equal($">   {log[incident.Report.StartLine - 1]}", Assert.Single(context, l => l.StartsWith('>')));
        Assert.Equal(KnownIncidents.ContextLines, Array.FindIndex(context, l => l.StartsWith('>')));
        Assert.Equal($"    {log[incident.Report.EndLine - 1]}", context[^1]);
    }

    [Fact]
    public async Task The_export_holds_the_report_exactly_as_scan_json_prints_it()
    {
        await KnownIncidents.MakeAsync(_dir, await File.ReadAllBytesAsync(DemoLog));

        JsonObject scanned = JsonNode.Parse(Assert.Single(Lines(await RunOkAsync("scan", "--format", "json", DemoLog))))!.AsObject();
        JsonObject exported = JsonNode.Parse(Assert.Single(Lines(await RunOkAsync("incidents", "export", "--db", Database))))!.AsObject();
        JsonObject shown = JsonNode.Parse(await RunOkAsync("incidents", "show", "1", "--json", "--db", Database))!.AsObject();

        JsonObject report = exported["report"]!.AsObject();
        foreach ((string name, JsonNode? value) in scanned)
        {
            if (name == "source")
            {
                continue; // the file scan read; an incident names its console instead
            }
            if (name == "kdump")
            {
                // A story told live has receive times and is worded as still unfolding; its facts are scan's.
                foreach (string fact in (string[])["outcome", "armed", "crashkernel", "vmcorePath", "startLine"])
                {
                    Assert.True(JsonNode.DeepEquals(value![fact], report[name]![fact]), $"kdump.{fact}: scan {value[fact]?.ToJsonString()}, export {report[name]![fact]?.ToJsonString()}");
                }
                Assert.True(JsonNode.DeepEquals(report[name], exported["kdump"]), "the incident's kdump is its report's");
                continue;
            }
            Assert.True(report.ContainsKey(name), $"the export's report has no {name}");
            Assert.True(JsonNode.DeepEquals(value, report[name]), $"{name}: scan {value?.ToJsonString()}, export {report[name]?.ToJsonString()}");
        }
        Assert.Equal(scanned.Count - 1, report.Count);
        Assert.Equal("oops", report["kind"]!.GetValue<string>());
        // Around the report: the incident's own fields; show --json is the same object.
        Assert.Equal(1, exported["id"]!.GetValue<long>());
        Assert.Equal("lab", exported["console"]!.GetValue<string>());
        Assert.Equal("lab-vm", exported["host"]!.GetValue<string>());
        Assert.Equal(KnownIncidents.ContextLines + report["endLine"]!.GetValue<long>() - report["startLine"]!.GetValue<long>() + 1,
            exported["context"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(exported, shown));
    }

    [Fact]
    public async Task Kinds_are_spelled_as_scan_spells_them_in_every_incident_verb_and_the_old_names_still_filter()
    {
        await KnownIncidents.MakeAsync(_dir, await File.ReadAllBytesAsync(DemoLog));

        Assert.Matches(@"\n1\s+2026-11-26 07:00:00\s+lab\s+lab-vm\s+oops\s+1\s+[0-9a-f]{16}\s+BUG", await RunOkAsync("incidents", "list", "--db", Database));
        Assert.Equal("oops", JsonSerializer.Deserialize<JsonElement>(await RunOkAsync("incidents", "list", "--json", "--db", Database))[0].GetProperty("kind").GetString());
        Assert.Matches(@"\n[0-9a-f]{16}\s+oops\s+1\s+1\s", await RunOkAsync("fleet", "--db", Database));
        Assert.Equal("oops", JsonSerializer.Deserialize<JsonElement>(await RunOkAsync("fleet", "--json", "--db", Database))[0].GetProperty("kind").GetString());

        foreach (string kind in (string[])["oops", "Oops", "OOPS"])
        {
            Assert.Contains("lab_null", await RunOkAsync("incidents", "list", "--kind", kind, "--db", Database), StringComparison.Ordinal);
        }
        Assert.Contains("(no incidents)", await RunOkAsync("incidents", "list", "--kind", "hung-task", "--db", Database), StringComparison.Ordinal);
        (int code, _, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "meltdown", "--db", Database);
        Assert.Equal(2, code);
        Assert.Contains("--kind meltdown: not one of panic, oops, bug, exception, warning, lockup, hung-task,", stderr, StringComparison.Ordinal);
        Assert.Contains("`solwatch incidents list --kind hardware` lists them", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_json_spells_kinds_as_scan_does_and_still_reads_the_old_names()
    {
        var group = new FingerprintGroup("0123456789abcdef", "INFO: task blocked in x", CrashKind.HungTask, 1, 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ["lab"]);

        string json = JsonSerializer.Serialize(group, ApiJson.Options);

        Assert.Contains("\"kind\":\"hung-task\"", json, StringComparison.Ordinal);
        Assert.Equal(group.Kind, JsonSerializer.Deserialize<FingerprintGroup>(json, ApiJson.Options)!.Kind);
        // A daemon of an older build answers with the enum's names.
        Assert.Equal(CrashKind.HungTask, JsonSerializer.Deserialize<FingerprintGroup>(json.Replace("hung-task", "HungTask", StringComparison.Ordinal), ApiJson.Options)!.Kind);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FingerprintGroup>(json.Replace("hung-task", "meltdown", StringComparison.Ordinal), ApiJson.Options));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("99999999999999999999")]
    public async Task An_incident_id_that_is_not_a_number_gets_a_clear_message_and_exit_2(string id)
    {
        await KnownIncidents.MakeAsync(_dir, await File.ReadAllBytesAsync(DemoLog));

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "show", id, "--db", Database);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("incident id must be a number, e.g. `solwatch incidents show 12`; see `solwatch incidents list`", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        string hosts = Path.Combine(_dir, "hosts");
        await File.WriteAllTextAsync(hosts, "127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
        byte[] before = await File.ReadAllBytesAsync(hosts);

        foreach (string[] verb in (string[][])[["incidents", "list"], ["incidents", "show", "1"], ["incidents", "export"], ["fleet"]])
        {
            (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync([.. verb, "--db", hosts]);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains($"--db {hosts}: not a SolWatch database (no LiteDB header), left untouched", stderr, StringComparison.Ordinal);
        }
        Assert.Equal(before, await File.ReadAllBytesAsync(hosts));
    }
}
