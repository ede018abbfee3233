using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Cli.Alerts;

/// <summary>
/// <c>solwatch alerts</c>: the newest alert deliveries (sent, dead letters, dropped, rate-limited, duplicates), read
/// from the delivery log next to the database (<see cref="AlertDeliveryLog.FileFor"/>), so it answers whether the
/// daemon runs or not. The daemon serves the same records at <c>GET /api/alerts</c>.
/// </summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var result = new Option<string?>("--result") { Description = $"only this result ({string.Join(", ", AlertDeliveryResults.All)})" };
        var command = new Command("alerts", "Show recent alert deliveries: what was sent where, what failed and why.") { o.Json, o.Limit, o.Console, result };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(() =>
        {
            string? only = parse.GetValue(result);
            if (only is not null && !AlertDeliveryResults.All.Contains(only))
            {
                throw new CliException($"--result {TerminalText.Escape(only)}: not one of {string.Join(", ", AlertDeliveryResults.All)}");
            }
            string file = AlertDeliveryLog.FileFor(DatabasePath(parse, o));
            IReadOnlyList<AlertDelivery> all;
            try
            {
                all = AlertDeliveryLog.Read(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {file}: {e.Message}");
            }
            string? console = parse.GetValue(o.Console);
            List<AlertDelivery> shown = [.. all
                .Where(d => (only is null || d.Result == only) && (console is null || d.Console == console))
                .TakeLast(parse.GetValue(o.Limit))];
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(shown, ApiJson.Indented)));
                return Task.FromResult(ExitCodes.Ok);
            }
            if (shown.Count == 0)
            {
                Console.Out.WriteLine(File.Exists(file) ? "no alert deliveries match" : $"no alert was recorded yet ({file} does not exist); see alerts: in the configuration");
                return Task.FromResult(ExitCodes.Ok);
            }
            var table = new TableWriter("TIME (UTC)", "RULE", "DESTINATION", "RESULT", "TRIES", "CONSOLE", "ALERT / ERROR");
            foreach (AlertDelivery d in shown)
            {
                table.Add(TableWriter.Time(d.At), d.Rule, d.Destination.Length == 0 ? "-" : d.Destination, d.Result,
                    d.Attempts.ToString(CultureInfo.InvariantCulture), d.Console,
                    d.Error is null ? d.Title : $"{d.Title}: {d.Error}");
            }
            table.Write(Console.Out);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    // The database the verbs use: --db, else the configuration's storage.database, else the default.
    private static string DatabasePath(ParseResult parse, CommonOptions o)
    {
        if (parse.GetValue(o.Db) is { } db)
        {
            return Path.GetFullPath(db);
        }
        if (DaemonData.ConfigFile(parse.GetValue(o.Config)) is { } configFile)
        {
            return CommonOptions.StorageOf(configFile).Database;
        }
        return DataPaths.Database;
    }
}
