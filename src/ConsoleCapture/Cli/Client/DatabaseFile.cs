using System.Runtime.CompilerServices;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>The database file opened directly, when no daemon runs (e.g. a copy taken after a crash).</summary>
internal sealed class DatabaseFile : IDaemonData
{
    private readonly IncidentStore _store;
    private readonly string? _transcripts;

    private DatabaseFile(IncidentStore store, string path, string? transcripts)
    {
        _store = store;
        _transcripts = transcripts;
        Source = $"database file {path} (no daemon running)";
    }

    public string Source { get; }

    public static DatabaseFile Open(string path, string? transcripts)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"no database at {path} and no daemon running; give --db FILE (the daemon's storage.database)");
        }
        try
        {
            return new DatabaseFile(IncidentStore.Open(new IncidentStoreOptions { Path = path }), path, transcripts);
        }
        catch (StoreUnavailableException e)
        {
            throw new CliException(e.Message);
        }
    }

    public Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken ct) => Task.FromResult(_store.Query(query));

    public Task<Incident?> GetAsync(long id, CancellationToken ct) => Task.FromResult(_store.Get(id));

    public Task<IReadOnlyList<FingerprintGroup>> FleetAsync(IncidentQuery query, CancellationToken ct) => Task.FromResult(_store.Fleet(query));

    public Task<IReadOnlyList<ConsoleSummary>?> ConsolesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ConsoleSummary>?>(null);

    public async IAsyncEnumerable<TailLine> TailAsync(string console, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken ct)
    {
        if (_transcripts is null || !Directory.Exists(_transcripts))
        {
            throw new CliException($"no daemon running and no transcripts directory {_transcripts}; give --transcripts DIR");
        }
        await using var store = new TranscriptStore(new TranscriptOptions { Directory = _transcripts });
        foreach (TranscriptLine line in store.Read(console, since))
        {
            ct.ThrowIfCancellationRequested();
            yield return new TailLine(line.ReceivedAt, line.Text);
        }
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
