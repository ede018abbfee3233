using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli.Fleet;

/// <summary><c>solwatch fleet</c>: incidents grouped by fingerprint, with how many hosts each crash hit.</summary>
internal static class FleetCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var command = new Command("fleet", "Group incidents by fingerprint: the same crash across hosts, with host counts, most recently seen first.") { o.Json };
        o.AddFilters(command);
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            IncidentQuery query = o.Query(parse);
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            IReadOnlyList<FingerprintGroup> groups = await data.FleetAsync(query, ct);
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(groups, ApiJson.Indented)));
                return ExitCodes.Ok;
            }
            var table = new TableWriter("FINGERPRINT", "KIND", "HOSTS", "INCIDENTS", "LAST SEEN (UTC)", "TITLE");
            foreach (FingerprintGroup g in groups)
            {
                table.Add(g.Fingerprint, CrashKindName.Of(g.Kind), g.Hosts.ToString(CultureInfo.InvariantCulture),
                    g.Incidents.ToString(CultureInfo.InvariantCulture),
                    TableWriter.Time(g.LastSeen), g.Title);
            }
            table.Write(Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
