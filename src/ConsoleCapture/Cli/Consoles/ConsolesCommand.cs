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
                    EndpointAndDetail(c.Endpoint, c.Detail));
            }
            table.Write(Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Longest label a detail may put before the endpoint it repeats ("SSH console ").</summary>
    private const int MaxLabel = 16;

    /// <summary>
    /// The table's last column. A collector's error often starts with its own endpoint ("tcp 10.0.0.1:7001: connect
    /// failed", "file:/var/log/x: …"), which after the endpoint read "tcp 10.0.0.1:7001: tcp 10.0.0.1:7001: …": once is enough.
    /// </summary>
    internal static string EndpointAndDetail(string endpoint, string? detail)
    {
        if (detail is null)
        {
            return endpoint;
        }
        int space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        string collectorForm = space < 0 ? endpoint : $"{endpoint[..space]}:{endpoint[(space + 1)..]}";
        foreach (string prefix in new[] { endpoint, collectorForm })
        {
            // At the start, or after a short label ("SSH console ssh://root@bmc:22 (idrac): …").
            int at = detail.IndexOf(prefix + ": ", StringComparison.Ordinal);
            if (at is >= 0 and <= MaxLabel)
            {
                return $"{endpoint}: {detail[(at + prefix.Length + 2)..]}";
            }
        }
        return $"{endpoint}: {detail}";
    }
}
