using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Cli.Consoles;

/// <summary><c>solwatch consoles</c>: the state of every console of the running daemon.</summary>
internal static class ConsolesCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var command = new Command("consoles", "Show every console of the running daemon: state, lines, incidents.") { o.Json };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            IReadOnlyList<ConsoleSummary> consoles = await data.ConsolesAsync(ct)
                ?? throw o.NoDaemon(parse, data, "console states are only known to a running daemon (solwatch run)");
            if (parse.GetValue(o.Json))
            {
                Console.Out.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(consoles, ApiJson.Indented)));
                return ExitCodes.Ok;
            }
            var table = new TableWriter("CONSOLE", "HOST", "TYPE", "STATE", "LINES", "INCIDENTS", "LAST LINE (UTC)", "ENDPOINT / DETAIL");
            foreach (ConsoleSummary c in consoles)
            {
                table.Add(c.Name, c.Host, c.Type, c.State, c.Lines.ToString(CultureInfo.InvariantCulture),
                    c.IncidentsSuppressed == 0 ? c.Incidents.ToString(CultureInfo.InvariantCulture)
                        : string.Create(CultureInfo.InvariantCulture, $"{c.Incidents} (+{c.IncidentsSuppressed} suppressed)"),
                    TableWriter.Time(c.LastLineAt),
                    c.Detail is null ? c.Endpoint : $"{c.Endpoint}: {c.Detail}");
            }
            table.Write(Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
