using System.CommandLine;
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
        var json = new Option<bool>("--json")
        {
            Description = "one JSON object per finding per line (JSON Lines), for scripts",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "console logs to read; - reads standard input; .gz files are read transparently",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("kdump", "Was a vmcore saved, and if not, why? Reads kdump's story from console logs: readiness per boot, outcome per crash.")
        {
            json, paths,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(paths) ?? [], parse.GetValue(json), ct));
        return command;
    }

    private static readonly LogFileVerb<KdumpFinding> Verb = new(
        "kdump", "nothing about kdump and no crash", KdumpStreamReader.ReadAsync, KdumpFindingJson.Write, KdumpTextFormatter.Write);

    private static async Task<int> RunAsync(string[] paths, bool json, CancellationToken ct)
    {
        (_, bool anyError) = await Verb.RunAsync(paths, json, ct).ConfigureAwait(false);
        return anyError ? ExitCodes.Error : ExitCodes.Ok;
    }
}
