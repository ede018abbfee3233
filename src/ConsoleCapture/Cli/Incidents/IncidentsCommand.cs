using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>
/// <c>solwatch incidents list|show ID|export</c>. Text output is escaped for the terminal (<see cref="TerminalText"/>);
/// <c>--json</c> and <c>export</c> print the exact text, a report shaped as <c>scan --format json</c> prints it
/// (<see cref="IncidentJson"/>).
/// </summary>
internal static class IncidentsCommand
{
    public static Command Create()
    {
        var command = new Command("incidents", "Crashes stored as incidents: list them, show one, export them.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command List()
    {
        var o = new CommonOptions();
        var command = new Command("list", "List incidents, newest first.") { o.Json };
        o.AddFilters(command);
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            // Spelt as loosely as the crash kinds (CrashKindName.TryParse: any case, spaces around).
            if (string.Equals(parse.GetValue(o.Kind)?.Trim(), HardwareList.Kind, StringComparison.OrdinalIgnoreCase))
            {
                return await HardwareList.RunAsync(o, parse, ct);
            }
            IncidentQuery query = o.Query(parse);
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            IReadOnlyList<Incident> incidents = await data.QueryAsync(query, ct);
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(incidents.Select(Summary.Of), ApiJson.Indented)));
                return ExitCodes.Ok;
            }
            var table = new TableWriter("ID", "WHEN (UTC)", "CONSOLE", "HOST", "KIND", "TIMES", "FINGERPRINT", "TITLE");
            foreach (Incident i in incidents)
            {
                table.Add(i.Id.ToString(CultureInfo.InvariantCulture), Time(i.FirstLineAt), i.Console, i.Host, CrashKindName.Of(i.Report.Kind),
                    i.Occurrences.ToString(CultureInfo.InvariantCulture), i.Report.Fingerprint, i.Report.Title);
            }
            table.Write(Console.Out);
            if (incidents.Count == 0)
            {
                Console.Out.WriteLine("(no incidents)");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show()
    {
        var o = new CommonOptions();
        var id = new Argument<long>("ID") { Description = "the incident's id (solwatch incidents list)", CustomParser = ParseId };
        var command = new Command("show", "Show one incident: the report and the console text around it.") { id, o.Json };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            Incident incident = await data.GetAsync(parse.GetValue(id), ct)
                ?? throw new CliException($"no incident {parse.GetValue(id)} in the {data.Source}");
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(IncidentJson.Serialize(incident, indented: true));
                return ExitCodes.Ok;
            }
            IncidentText.Write(Console.Out, incident);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Export()
    {
        var o = new CommonOptions();
        var command = new Command("export", "Export incidents in full (report and context) as JSON Lines, one incident per line.");
        o.AddFilters(command);
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            IncidentQuery query = o.Query(parse);
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            foreach (Incident incident in await data.QueryAsync(query, ct, attachmentTexts: true))
            {
                Console.Out.WriteLine(IncidentJson.Serialize(incident, indented: false));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>An incident id: a whole number from 1 (System.CommandLine would name the .NET type it wanted).</summary>
    internal static long ParseId(ArgumentResult result)
    {
        string given = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0)
        {
            return id;
        }
        result.AddError($"{given}: not an incident id; an incident id must be a number, e.g. `solwatch incidents show 12`; see `solwatch incidents list`");
        return 0;
    }

    private static string? Time(DateTimeOffset t) => TableWriter.Time(t);

    /// <summary>The <c>list --json</c> shape: an incident without its context text.</summary>
    private sealed record Summary(long Id, string Console, string? Host, string Kind, string Title, string Fingerprint,
        bool Panicked, DateTimeOffset FirstLineAt, DateTimeOffset LastLineAt, DateTimeOffset StoredAt, int Occurrences,
        DateTimeOffset LastSeenAt)
    {
        public static Summary Of(Incident i) => new(i.Id, i.Console, i.Host, CrashKindName.Of(i.Report.Kind), i.Report.Title,
            i.Report.Fingerprint, i.Report.Panicked, i.FirstLineAt, i.LastLineAt, i.StoredAt, i.Occurrences, i.LastSeenAt);
    }
}
