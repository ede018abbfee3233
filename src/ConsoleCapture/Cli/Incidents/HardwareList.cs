using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.Storage.Hardware;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>
/// <c>solwatch incidents list --kind hardware</c>: hardware events are stored apart from incidents (they are no
/// crashes); this lists them from the daemon or the database file, each console's counts over the last hour, day and
/// week first (a rising rate is a failing part), then the events newest first.
/// </summary>
internal static class HardwareList
{
    /// <summary>The <c>--kind</c> value that lists hardware events.</summary>
    public const string Kind = "hardware";

    public static async Task<int> RunAsync(CommonOptions o, ParseResult parse, CancellationToken ct)
    {
        if (parse.GetValue(o.Fingerprint) is not null || parse.GetValue(o.Until) is not null)
        {
            throw new CliException("--kind hardware: hardware events have no fingerprint and take no --until; use --console, --since, --limit");
        }
        var query = new HardwareQuery
        {
            Console = parse.GetValue(o.Console),
            Since = TimeArgument.Parse(parse.GetValue(o.Since), DateTimeOffset.UtcNow, "--since"),
            Limit = Math.Max(1, parse.GetValue(o.Limit)),
        };
        await using IDaemonData data = await o.OpenAsync(parse, ct);
        HardwareEventsView view = await data.HardwareAsync(query, ct);
        if (parse.GetValue(o.Json))
        {
            Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(view, ApiJson.Indented)));
            return ExitCodes.Ok;
        }
        Write(Console.Out, view);
        return ExitCodes.Ok;
    }

    internal static void Write(TextWriter w, HardwareEventsView view)
    {
        var rates = new TableWriter("CONSOLE", "HOST", "LAST HOUR", "LAST DAY", "LAST WEEK", "TOTAL", "UNCORRECTED", "LAST (UTC)", "LAST EVENT");
        foreach (HardwareRate r in view.Rates)
        {
            rates.Add(r.Console, r.Host, N(r.LastHour), N(r.LastDay), N(r.LastWeek), N(r.Total), N(r.Uncorrected), TableWriter.Time(r.Last), r.LastSummary);
        }
        rates.Write(w);
        if (view.Rates.Count == 0)
        {
            w.WriteLine("(no hardware events)");
            return;
        }
        w.WriteLine();
        var events = new TableWriter("WHEN (UTC)", "CONSOLE", "SEVERITY", "ORIGIN", "CPU", "BANK", "STATUS", "ADDRESS", "SUMMARY");
        foreach (HardwareEventSummary e in view.Events)
        {
            events.Add(TableWriter.Time(e.At), e.Console, e.Severity, e.Origin, e.Cpu?.ToString(CultureInfo.InvariantCulture),
                e.Bank?.ToString(CultureInfo.InvariantCulture), e.Status, e.Address, e.Summary);
        }
        events.Write(w);
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
