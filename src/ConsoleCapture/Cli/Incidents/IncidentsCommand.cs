using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary><c>solwatch incidents list|show ID|export</c>.</summary>
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
            IncidentQuery query = o.Query(parse);
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            IReadOnlyList<Incident> incidents = await data.QueryAsync(query, ct);
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(incidents.Select(Summary.Of), ApiJson.Indented));
                return ExitCodes.Ok;
            }
            var table = new TableWriter("ID", "WHEN (UTC)", "CONSOLE", "HOST", "KIND", "TIMES", "FINGERPRINT", "TITLE");
            foreach (Incident i in incidents)
            {
                table.Add(i.Id.ToString(CultureInfo.InvariantCulture), Time(i.FirstLineAt), i.Console, i.Host, i.Report.Kind.ToString(),
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
        var id = new Argument<long>("ID") { Description = "the incident's id (solwatch incidents list)" };
        var command = new Command("show", "Show one incident: the report and the console text around it.") { id, o.Json };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            Incident incident = await data.GetAsync(parse.GetValue(id), ct)
                ?? throw new CliException($"no incident {parse.GetValue(id)} in the {data.Source}");
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(incident, ApiJson.Indented));
                return ExitCodes.Ok;
            }
            WriteText(Console.Out, incident);
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
            foreach (Incident incident in await data.QueryAsync(query, ct))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(incident, ApiJson.Options));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static void WriteText(TextWriter output, Incident i)
    {
        output.WriteLine($"incident {i.Id}: {i.Report.Title}");
        output.WriteLine($"  console:     {i.Console}{(i.Host is null ? "" : $" (host {i.Host})")}");
        output.WriteLine($"  kind:        {i.Report.Kind}{(i.Report.Panicked ? ", panicked" : "")}{(i.Report.Corrupted ? $", corrupted ({i.Report.CorruptedReason})" : "")}");
        output.WriteLine($"  fingerprint: {i.Report.Fingerprint}");
        output.WriteLine($"  when:        {Time(i.FirstLineAt)} .. {Time(i.LastLineAt)} UTC (stored {Time(i.StoredAt)})");
        if (i.Occurrences > 1)
        {
            output.WriteLine($"  occurrences: {i.Occurrences} (repeats on this console counted here; last seen {Time(i.LastSeenAt)} UTC)");
        }
        if (i.Report.Ip is { } ip)
        {
            output.WriteLine($"  ip:          {ip.Function}{(ip.Offset is { } off ? $"+0x{off:x}" : "")}{(ip.Module is null ? "" : $" [{ip.Module}]")}");
        }
        if (i.Report.Kernel.Release is { } release)
        {
            output.WriteLine($"  kernel:      {release}{(i.Report.Kernel.Tainted is { } t ? $" tainted {t}" : "")}");
        }
        if (i.Report.PanicReason is { } reason)
        {
            output.WriteLine($"  panic:       {reason}");
        }
        output.WriteLine($"  console text ({i.Context.Length} lines, report at lines {i.Report.StartLine}-{i.Report.EndLine}):");
        foreach (TranscriptLine line in i.Context)
        {
            output.WriteLine($"    {line.Text}");
        }
    }

    private static string? Time(DateTimeOffset t) => TableWriter.Time(t);

    /// <summary>The <c>list --json</c> shape: an incident without its context text.</summary>
    private sealed record Summary(long Id, string Console, string? Host, string Kind, string Title, string Fingerprint,
        bool Panicked, DateTimeOffset FirstLineAt, DateTimeOffset LastLineAt, DateTimeOffset StoredAt, int Occurrences,
        DateTimeOffset LastSeenAt)
    {
        public static Summary Of(Incident i) => new(i.Id, i.Console, i.Host, i.Report.Kind.ToString(), i.Report.Title,
            i.Report.Fingerprint, i.Report.Panicked, i.FirstLineAt, i.LastLineAt, i.StoredAt, i.Occurrences, i.LastSeenAt);
    }
}
