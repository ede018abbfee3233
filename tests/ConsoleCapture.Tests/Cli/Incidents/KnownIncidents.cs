using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.ConsoleCapture.Tests.Pipeline;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Tests.Cli.Incidents;

/// <summary>
/// A database and transcripts made the daemon's way: a console log fed to a real <see cref="ConsoleSession"/> in
/// chunks, its crash stored by the real <see cref="IncidentStore"/> in a directory of the test's, then closed so the
/// CLI opens the files (no daemon).
/// </summary>
internal static class KnownIncidents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    public const string Console = "lab";

    public const int ContextLines = 20;

    public static string Database(string dir) => Path.Combine(dir, "incidents.db");

    /// <summary>Feeds <paramref name="log"/> to a console session; returns the incident it stored.</summary>
    public static async Task<Incident> MakeAsync(string dir, byte[] log)
    {
        string logFile = Path.Combine(dir, "console.log");
        await File.WriteAllBytesAsync(logFile, log);
        await using var transcripts = new TranscriptStore(new TranscriptOptions { Directory = Path.Combine(dir, "transcripts") });
        await using IncidentStore incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Database(dir) });
        var events = new EventHub();
        using EventSubscription stored = events.Subscribe(e => e is IncidentStored);
        var session = new ConsoleSession(
            new ConsoleSummary(Console, "lab-vm", "fake", "fake", ConsoleSummary.Starting, Start, null, null, 0, 0, null),
            transcripts, incidents, events, new SessionOptions { ContextLines = ContextLines, RawTranscript = true }, NullLogger.Instance);
        var collector = new ChunkedFileCollector(logFile, chunk: 97, Start);
        await collector.RunAsync(session, CancellationToken.None);
        // The panicked machine prints nothing more: the quiet-console timer closes the report.
        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (DaemonEvent e in stored.Reader.ReadAllAsync(timeout.Token))
        {
            if (e is IncidentStored s)
            {
                await transcripts.FlushAsync();
                return s.Incident;
            }
        }
        throw new InvalidOperationException("no incident was stored");
    }

    /// <summary>Stores <paramref name="incident"/> as given (the store keeps any text), and <paramref name="lines"/>
    /// and <paramref name="raw"/> as the console's transcripts.</summary>
    public static async Task StoreAsync(string dir, NewIncident incident, IEnumerable<string> lines, byte[] raw)
    {
        await using (var transcripts = new TranscriptStore(new TranscriptOptions { Directory = Path.Combine(dir, "transcripts") }))
        {
            transcripts.EnableRaw(incident.Console);
            transcripts.AppendRaw(incident.Console, Start, raw);
            int n = 0;
            foreach (string line in lines)
            {
                transcripts.Append(incident.Console, Start.AddMilliseconds(n++), line);
            }
            await transcripts.FlushAsync();
        }
        await using IncidentStore incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Database(dir) });
        Assert.True(incidents.TryStore(incident, out Task<Incident> stored));
        await stored;
    }
}
