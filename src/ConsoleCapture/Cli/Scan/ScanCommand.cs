using System.CommandLine;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary><c>solwatch scan [--format text|json] [--fail-on-crash] PATH...</c>: finds crashes in console logs.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "text for people; json for scripts (one JSON object per crash per line)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var failOnCrash = new Option<bool>("--fail-on-crash")
        {
            Description = "exit 1 when a crash was found",
        };
        var events = new Option<bool>("--events")
        {
            Description = "also print hardware events (corrected and fatal machine checks, EDAC, GHES) beside the crashes, kind \"hardware\"; they are never crashes",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "console logs to scan; - reads standard input; .gz files are read transparently",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("scan", "Find kernel crashes in console logs and describe them.")
        {
            format, failOnCrash, events, paths,
        };
        command.SetAction((parse, ct) => parse.GetValue(events)
            ? ScanEvents.RunAsync(parse.GetValue(paths) ?? [], parse.GetValue(format) == "json", parse.GetValue(failOnCrash), ct)
            : RunAsync(parse.GetValue(paths) ?? [], parse.GetValue(format) == "json", parse.GetValue(failOnCrash), ct));
        return command;
    }

    private static readonly LogFileVerb<CrashReport> Verb = new(
        "scan", "no crash found",
        async (input, onReport, ct) => await StreamScanner.ScanAsync(input, onReport, ct).ConfigureAwait(false),
        CrashReportJson.Write, ScanTextFormatter.Write);

    private static async Task<int> RunAsync(string[] paths, bool json, bool failOnCrash, CancellationToken ct)
    {
        (long found, bool anyError) = await Verb.RunAsync(paths, json, ct).ConfigureAwait(false);
        if (anyError)
        {
            return ExitCodes.Error;
        }
        return failOnCrash && found > 0 ? ExitCodes.CrashFound : ExitCodes.Ok;
    }
}
