using System.CommandLine;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>
/// <c>solwatch kdump [--json] PATH...</c>: reads console logs offline and tells, per boot, whether kdump was armed and,
/// per crash, whether a vmcore was saved and if not, why.
/// </summary>
internal static class KdumpCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var paths = new Argument<string[]>("PATH")
        {
            Description = "console logs to read; - reads standard input; .gz files are read transparently. " +
                          "With none: the fleet (every console's readiness and last crash's dump, from the daemon or --db)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        o.Json.Description = "JSON for scripts: with PATHs one object per finding per line (JSON Lines); else the fleet as an array";
        var command = new Command("kdump",
            "Was a vmcore saved, and if not, why? With PATHs: kdump's story in console logs (readiness per boot, outcome per crash). " +
            "Without: which hosts are armed, which are not and why, which failed their last capture.")
        {
            o.Json, paths,
        };
        o.AddSource(command);
        command.Subcommands.Add(KdumpAuditCommand.Create());
        command.SetAction((parse, ct) => parse.GetValue(paths) is { Length: > 0 } files
            ? FleetOptionWithFiles(parse, o) is { } option
                ? Refuse(option)
                : RunAsync(files, parse.GetValue(o.Json), ct)
            : CommonOptions.GuardAsync(async () =>
            {
                await using IDaemonData data = await o.OpenAsync(parse, ct);
                KdumpFleetText.Write(Console.Out, await data.KdumpFleetAsync(ct), parse.GetValue(o.Json));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static readonly LogFileVerb<KdumpFinding> Verb = new(
        "kdump", "nothing about kdump and no crash", KdumpStreamReader.ReadAsync, KdumpFindingJson.Write, KdumpTextFormatter.Write);

    // --db, --config and --transcripts find the daemon of the fleet view; beside PATHs they would be ignored
    // silently, and whoever typed them expected the files to be read against that database.
    private static string? FleetOptionWithFiles(ParseResult parse, CommonOptions o) =>
        new Option<string?>[] { o.Db, o.Config, o.Transcripts }.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false })?.Name;

    private static async Task<int> Refuse(string option)
    {
        await Console.Error.WriteLineAsync(
            $"solwatch kdump: {option} chooses the daemon of the fleet view (solwatch kdump without PATHs); with PATHs the logs are read offline: give one or the other");
        return ExitCodes.Error;
    }

    private static async Task<int> RunAsync(string[] paths, bool json, CancellationToken ct)
    {
        (_, bool anyError) = await Verb.RunAsync(paths, json, ct).ConfigureAwait(false);
        return anyError ? ExitCodes.Error : ExitCodes.Ok;
    }
}
