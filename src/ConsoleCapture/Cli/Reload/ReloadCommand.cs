using System.CommandLine;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Hosting.Reload;

namespace SolWatch.ConsoleCapture.Cli.Reload;

/// <summary>
/// <c>solwatch reload</c>: the running daemon re-reads its configuration file and applies the difference (as SIGHUP
/// and <c>systemctl reload</c> do), and this prints what it did. Exit 0 when applied; 2 when the file has errors
/// (printed as <c>config check</c> prints them, nothing changed), when there is no file or no daemon. Synchronous,
/// so it is the unit's ExecReload: <c>systemctl reload</c> fails, with the errors in its status, on a bad file.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var command = new Command("reload",
            "Make the running daemon re-read its configuration file: new consoles start, removed ones stop, changed ones restart, the others keep their connections; a file with errors changes nothing.")
        {
            o.Json,
        };
        command.Options.Add(o.Db);
        command.Options.Add(o.Config);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            if (data is not DaemonClient daemon)
            {
                throw o.NoDaemon(parse, data, "there is nothing to reload (solwatch run starts one)");
            }
            ReloadResult result = await daemon.ReloadAsync(ct);
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(result, ApiJson.Indented)));
            }
            else
            {
                Write(result, result.Outcome == ReloadResult.AppliedOutcome ? Console.Out : Console.Error);
            }
            return result.Outcome == ReloadResult.AppliedOutcome ? ExitCodes.Ok : ExitCodes.Error;
        }));
        return command;
    }

    private static void Write(ReloadResult r, TextWriter output)
    {
        foreach (string error in r.Errors)
        {
            output.WriteLine(TerminalText.Escape(error));
        }
        if (r.Outcome == ReloadResult.Invalid)
        {
            int count = Math.Max(1, r.Errors.Length);
            output.WriteLine($"solwatch: {count} configuration error{(count == 1 ? "" : "s")}; nothing changed, the daemon runs as before");
            return;
        }
        if (r.Outcome != ReloadResult.AppliedOutcome)
        {
            output.WriteLine($"solwatch: {TerminalText.Escape(r.Summary())}");
            return;
        }
        output.WriteLine(TerminalText.Escape(r.Summary()));
        Names(output, "started", r.Started);
        Names(output, "stopped", r.Stopped);
        Names(output, "restarted", r.Restarted);
        Names(output, "alert rules new or changed", r.AlertRules);
        Names(output, "alert rules removed", r.AlertRulesRemoved);
        Names(output, "destinations new or changed", r.AlertDestinations);
        Names(output, "destinations removed", r.AlertDestinationsRemoved);
        foreach (string applied in r.Applied)
        {
            output.WriteLine($"  applied:      {TerminalText.Escape(applied)}");
        }
        foreach (string setting in r.NeedsRestart)
        {
            output.WriteLine($"  needs restart: {TerminalText.Escape(setting)} (the running value stays until the daemon restarts)");
        }
        foreach (string problem in r.Problems)
        {
            output.WriteLine($"  problem of one console (the others run): {TerminalText.Escape(problem)}");
        }
        foreach (string warning in r.Warnings)
        {
            output.WriteLine($"  warning: {TerminalText.Escape(warning)}");
        }
    }

    private static void Names(TextWriter output, string what, IReadOnlyCollection<string> names)
    {
        if (names.Count > 0)
        {
            output.WriteLine($"  {what}: {string.Join(", ", names)}");
        }
    }
}
