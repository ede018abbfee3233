using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Cli.Health;

/// <summary>
/// <c>solwatch health</c>: is the running daemon storing what it captures? The answer of <c>GET /api/health</c>,
/// one line per store: a full disk ("disk full since …, N incidents waiting"), lost transcript lines, netconsole
/// datagrams dropped. Exit 0 when ok, 1 when degraded, 2 when no daemon answers.
/// </summary>
internal static class HealthCommand
{
    /// <summary>The daemon runs but says it is degraded.</summary>
    public const int Degraded = 1;

    public static Command Create()
    {
        var o = new CommonOptions();
        var command = new Command("health",
            "Is the running daemon storing what it captures? Incidents (disk full, waiting, dropped), transcripts (lines lost), netconsole listeners. Exit 0: ok; 1: degraded; 2: no daemon.")
        {
            o.Json,
        };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            HealthReport health = await data.HealthAsync(ct)
                ?? throw o.NoDaemon(parse, data, "health is only known to a running daemon (solwatch run); " +
                    "`solwatch db check` looks at the database file itself");
            if (parse.GetValue(o.Json))
            {
                await Console.Out.WriteLineAsync(TerminalText.EscapeJson(JsonSerializer.Serialize(health, ApiJson.Indented)));
            }
            else
            {
                foreach (string line in Lines(health))
                {
                    await Console.Out.WriteLineAsync(TerminalText.Escape(line));
                }
            }
            return health.Status == "ok" ? ExitCodes.Ok : Degraded;
        }));
        return command;
    }

    /// <summary>The report for a person: the status, then what each store did and what is wrong with it now.</summary>
    public static IEnumerable<string> Lines(HealthReport health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var c = CultureInfo.InvariantCulture;
        yield return $"status:      {health.Status}";
        yield return string.Create(c, $"started:     {health.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        yield return string.Create(c, $"consoles:    {health.ConsolesConnected} of {health.Consoles} connected (solwatch consoles: each one's state)");

        var store = health.Incidents;
        string incidents = string.Create(c, $"incidents:   {store.Stored} stored, {store.Queued} waiting, {store.Dropped} dropped, {store.Failed} failed writes");
        if (store.Repeats > 0 || store.RetentionDeleted > 0)
        {
            incidents += string.Create(c, $", {store.Repeats} repeats counted, {store.RetentionDeleted} aged out");
        }
        yield return incidents;
        if (store.Problem is { } problem)
        {
            yield return $"  problem:   {problem}";
        }
        if (store.LastError is { } error)
        {
            yield return string.Create(c, $"  last error ({store.LastErrorAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): {error}");
        }

        var transcripts = health.Transcripts;
        string raw = transcripts.RawBytesWritten > 0 || transcripts.RawBytesLost > 0
            ? string.Create(c, $"; raw {transcripts.RawBytesWritten} bytes written, {transcripts.RawBytesLost} lost")
            : "";
        yield return string.Create(c, $"transcripts: {transcripts.Written} lines written, {transcripts.Lost} lost, {transcripts.Queued} waiting") + raw;
        if (transcripts.Failing)
        {
            yield return $"  problem:   writing transcripts fails now{(transcripts.LastError is { } e ? ": " + e : "")}";
        }
        else if (transcripts.LastError is { } e)
        {
            yield return string.Create(c, $"  last error ({transcripts.LastErrorAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC): {e}");
        }
        if (transcripts.Disrupted)
        {
            yield return string.Create(c, $"  problem:   a transcript was deleted under the daemon and recreated at {transcripts.LastRecreatedAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; its older lines are gone");
        }

        foreach (NetconsoleHealth listener in health.Netconsole)
        {
            yield return string.Create(c,
                $"netconsole:  {listener.Endpoint} {(listener.Listening ? "listening" : "NOT listening")}: {listener.Datagrams} datagrams, " +
                $"{listener.DroppedOversized} dropped as oversized, {listener.DecodeFailures} undecodable, {listener.IncompleteMessages} incomplete, " +
                $"{listener.UnknownSenderDatagrams} from unknown senders");
        }
    }
}
