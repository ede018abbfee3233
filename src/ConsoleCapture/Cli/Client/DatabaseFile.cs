using System.Runtime.CompilerServices;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>
/// The database file and transcripts directory opened directly, when no daemon runs (e.g. a copy taken after a
/// crash). The database is opened on first use, read-only (a postmortem never changes the file), so transcripts
/// can be read with no database beside them. On a damaged file, queries show every incident still readable and a
/// warning line on stderr names the unreadable ones.
/// </summary>
internal sealed class DatabaseFile : IDaemonData
{
    private readonly string _path;
    private readonly string? _transcripts;
    private IncidentFileReader? _store;

    private DatabaseFile(string path, string? transcripts)
    {
        _path = path;
        _transcripts = transcripts;
        Source = $"database file {path} (no daemon running)";
    }

    public string Source { get; }

    /// <summary>The database file read (full path).</summary>
    public string DatabasePath => _path;

    /// <summary>The transcripts directory read, or null when none was given.</summary>
    public string? TranscriptsDirectory => _transcripts;

    public static DatabaseFile Open(string path, string? transcripts)
    {
        if (!File.Exists(path) && (transcripts is null || !Directory.Exists(transcripts)))
        {
            throw new CliException(NoDatabase(path));
        }
        return new DatabaseFile(path, transcripts);
    }

    /// <summary>Neither a database nor a daemon: a first run (start one) or another daemon's data (name it).</summary>
    internal static string NoDatabase(string path) =>
        $"no database at {path} and no daemon running; `solwatch run` starts one, and a daemon's own is reached with " +
        "--config FILE (its configuration) or --db FILE (its storage.database)";

    private IncidentFileReader Store()
    {
        if (_store is not null)
        {
            return _store;
        }
        if (!File.Exists(_path))
        {
            throw new CliException(NoDatabase(_path));
        }
        try
        {
            return _store = IncidentFileReader.Open(_path);
        }
        catch (StoreUnavailableException e)
        {
            throw new CliException(e.Message);
        }
    }

    public async Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken ct, bool attachmentTexts = false)
    {
        IncidentReadResult read = Store().Read(query);
        await WarnAsync(read.Warning);
        return read.Incidents;
    }

    public Task<Incident?> GetAsync(long id, CancellationToken ct)
    {
        try
        {
            return Task.FromResult(Store().Get(id));
        }
        catch (Exception e) when (e is LiteDB.LiteException or InvalidCastException or ArgumentException or IndexOutOfRangeException or EndOfStreamException
            or DatabaseFileException { InnerException: not null })
        {
            string cause = e is DatabaseFileException ? e.InnerException!.Message : e.Message;
            throw new CliException(
                $"incident {id} of {_path} is unreadable (the database is damaged: {cause}); run `solwatch db check --db {_path}`");
        }
    }

    public async Task<IReadOnlyList<FingerprintGroup>> FleetAsync(IncidentQuery query, CancellationToken ct)
    {
        FleetReadResult read = Store().ReadFleet(query);
        await WarnAsync(read.Warning);
        return read.Groups;
    }

    public Task<IReadOnlyList<KdumpFleetEntry>> KdumpFleetAsync(CancellationToken ct) => Task.FromResult(Damaged(() => Store().KdumpFleet()));

    public Task<HardwareEventsView> HardwareAsync(HardwareQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        IncidentFileReader store = Store();
        return Task.FromResult(Damaged(() => new HardwareEventsView(
            [.. store.HardwareRates(DateTimeOffset.UtcNow).Where(r => query.Console is null || r.Console == query.Console)],
            [.. store.HardwareEvents(query).Select(HardwareEventSummary.Of)])));
    }

    /// <summary>A read of the file that failed on damage: its message (the file, db check, db rebuild) as the CLI's.</summary>
    private static T Damaged<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatabaseFileException e)
        {
            throw new CliException(e.Message);
        }
    }

    private async Task WarnAsync(string? warning)
    {
        if (warning is not null)
        {
            await Console.Error.WriteLineAsync($"solwatch: {_path}: {warning}");
        }
    }

    public Task<HealthReport?> HealthAsync(CancellationToken ct) => Task.FromResult<HealthReport?>(null);

    public Task<IReadOnlyList<ConsoleSummary>?> ConsolesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ConsoleSummary>?>(null);

    public async IAsyncEnumerable<TailLine> TailAsync(string console, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken ct)
    {
        await using TranscriptStore store = OpenTranscripts();
        foreach (TranscriptLine line in store.Read(console, since))
        {
            ct.ThrowIfCancellationRequested();
            yield return new TailLine(line.ReceivedAt, line.Text);
        }
    }

    public async IAsyncEnumerable<TranscriptLine> TranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using TranscriptStore store = OpenTranscripts(console);
        foreach (TranscriptLine line in store.Read(console, since))
        {
            ct.ThrowIfCancellationRequested();
            if (until is null || line.ReceivedAt <= until)
            {
                yield return line;
            }
        }
    }

    public async IAsyncEnumerable<RawSegment> RawTranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using TranscriptStore store = OpenTranscripts(console);
        if (!store.HasRaw(console))
        {
            throw new CliException(
                $"console {console} has no raw transcript in {_transcripts}: rawTranscript is off for it (see storage.rawTranscripts and the console's rawTranscript in the configuration), or it never received a byte");
        }
        foreach (RawSegment segment in store.ReadRaw(console, since, until))
        {
            ct.ThrowIfCancellationRequested();
            yield return segment;
        }
    }

    private TranscriptStore OpenTranscripts(string? console = null)
    {
        if (_transcripts is null || !Directory.Exists(_transcripts))
        {
            throw new CliException($"no daemon running and no transcripts directory {_transcripts}; give --transcripts DIR");
        }
        var store = new TranscriptStore(new TranscriptOptions { Directory = _transcripts });
        if (console is not null && !store.Exists(console))
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new CliException($"no transcript of console {console} in {_transcripts}");
        }
        return store;
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        return ValueTask.CompletedTask;
    }
}
