using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Cli.ConfigCheck;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>
/// <c>solwatch kdump audit [--config FILE] [CONSOLE...] [--json]</c> (the configuration as the other verbs find it:
/// $SOLWATCH_CONFIG, else /etc/solwatch/solwatch.yaml): logs in to each console's <c>kdumpHost</c> over SSH
/// (pinned host key, read-only commands) and checks its kdump readiness as the manuals list it. Exit 0 when no check
/// failed (warnings allowed), 1 when one did (or a host could not be reached), 2 on a usage or configuration error.
/// </summary>
internal static class KdumpAuditCommand
{
    /// <summary>Some check failed.</summary>
    public const int SomeFailed = 1;

    public static Command Create()
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = $"the YAML configuration whose consoles have kdumpHost: (default: $SOLWATCH_CONFIG, else {DaemonData.SystemConfig})",
        };
        var json = new Option<bool>("--json") { Description = "JSON for scripts: an array, one object per console with its checks" };
        var consoles = new Argument<string[]>("CONSOLE") { Description = "consoles to audit (default: every console with a kdumpHost)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("audit",
            "Check each kdump host's readiness over SSH (read-only): capture kernel loaded, crashkernel reserved, kernel.panic, " +
            "panic_on_oops, the dump directory's mode and owner, free space against RAM.")
        {
            config, json, consoles,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (ConfigFile(parse.GetValue(config)) is not { } path)
            {
                await Console.Error.WriteLineAsync(
                    $"solwatch kdump audit: which configuration? give --config FILE or set SOLWATCH_CONFIG ({DaemonData.SystemConfig} does not exist)");
                return ExitCodes.Error;
            }
            return await RunAsync(path, parse.GetValue(consoles) ?? [], parse.GetValue(json), ct);
        });
        return command;
    }

    // As the other verbs find their daemon's configuration (DaemonData.ConfigFile), except that the user's own
    // database does not matter here: the hosts to audit are only ever in a configuration file.
    private static string? ConfigFile(string? given) =>
        given ?? (Environment.GetEnvironmentVariable("SOLWATCH_CONFIG") is { Length: > 0 } env ? env
            : File.Exists(DaemonData.SystemConfig) ? DaemonData.SystemConfig : null);

    private static async Task<int> RunAsync(string path, string[] names, bool json, CancellationToken ct)
    {
        if (!ConfigReport.TryLoad(path, Console.Error, "nothing audited", out LoadedConfig? loaded))
        {
            return ExitCodes.Error;
        }
        List<ConsoleConfig> chosen = [.. loaded.Config.Consoles.Where(c => c.KdumpHost is not null && (names.Length == 0 || names.Contains(c.Name, StringComparer.Ordinal)))];
        string[] unknown = [.. names.Where(n => !loaded.Config.Consoles.Any(c => c.Name == n && c.KdumpHost is not null))];
        if (unknown.Length > 0 || chosen.Count == 0)
        {
            await Console.Error.WriteLineAsync(unknown.Length > 0
                ? $"solwatch kdump audit: no console with a kdumpHost named {string.Join(", ", unknown)} in {path}"
                : $"solwatch kdump audit: no console in {path} has a kdumpHost: (see configs/solwatch.example.yaml)");
            return ExitCodes.Error;
        }
        // Hosts are audited one after another: a handful of short commands each, and a clear order in the output.
        var reports = new List<KdumpAuditReport>();
        foreach (ConsoleConfig console in chosen)
        {
            reports.Add(await AuditAsync(console.Name, console.KdumpHost!, ct));
        }
        Console.Out.Write(json ? Json(reports) : Text(reports));
        return reports.Any(r => r.Worst == KdumpCheckStatus.Fail) ? SomeFailed : ExitCodes.Ok;
    }

    private static async Task<KdumpAuditReport> AuditAsync(string console, KdumpHostSettings settings, CancellationToken ct)
    {
        KdumpHostOptions options;
        try
        {
            options = settings.Resolve();
        }
        catch (KdumpHostException e)
        {
            return new KdumpAuditReport(console, settings.Options.Endpoint, [new KdumpCheck("connect", KdumpCheckStatus.Fail, e.Message)]);
        }
        return await KdumpAudit.RunAsync(console, options, ct);
    }

    private static string Text(List<KdumpAuditReport> reports)
    {
        var table = new TableWriter("CONSOLE", "HOST", "CHECK", "STATUS", "WHY");
        foreach (KdumpAuditReport r in reports)
        {
            foreach (KdumpCheck c in r.Checks)
            {
                table.Add(r.Console, r.Endpoint, c.Name, c.StatusName, c.Reason);
            }
        }
        var text = new StringWriter();
        table.Write(text);
        return text.ToString();
    }

    private static string Json(List<KdumpAuditReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (KdumpAuditReport r in reports)
            {
                w.WriteStartObject();
                w.WriteString("console", r.Console);
                w.WriteString("host", r.Endpoint);
                w.WriteString("status", new KdumpCheck("", r.Worst, "").StatusName);
                w.WriteStartArray("checks");
                foreach (KdumpCheck c in r.Checks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("status", c.StatusName);
                    w.WriteString("reason", c.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return TerminalText.EscapeJson(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)) + Environment.NewLine;
    }
}
