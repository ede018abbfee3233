using System.Collections.Immutable;
using System.Globalization;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Hosting.Reload;

/// <summary>
/// What a reload changes, worked out from the running configuration and the file as it is now: consoles to start
/// (new), to stop (gone) and to restart (their entry changed, <see cref="ConsoleConfig.Definition"/>), every other
/// console left alone; and the settings that only a restart applies, each named with its running and its new value.
/// </summary>
/// <param name="Added">Consoles new in the file.</param>
/// <param name="Removed">Consoles no longer in the file.</param>
/// <param name="Changed">Consoles whose entry changed (restarted).</param>
/// <param name="Unchanged">Consoles left running as they are.</param>
/// <param name="NeedsRestart">Settings changed in the file that keep their running value until the daemon restarts.</param>
public sealed record ReloadPlan(
    ImmutableArray<string> Added,
    ImmutableArray<string> Removed,
    ImmutableArray<string> Changed,
    ImmutableArray<string> Unchanged,
    ImmutableArray<string> NeedsRestart)
{
    /// <summary>The plan from <paramref name="running"/> to <paramref name="next"/>.</summary>
    public static ReloadPlan Between(SolwatchConfig running, ImmutableArray<ConsoleConfig> runningConsoles, SolwatchConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var before = runningConsoles.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var after = next.Consoles.ToDictionary(c => c.Name, StringComparer.Ordinal);
        ImmutableArray<string> added = [.. after.Keys.Where(n => !before.ContainsKey(n)).Order(StringComparer.Ordinal)];
        ImmutableArray<string> removed = [.. before.Keys.Where(n => !after.ContainsKey(n)).Order(StringComparer.Ordinal)];
        ImmutableArray<string> changed = [.. after.Keys.Where(n => before.TryGetValue(n, out ConsoleConfig? old) && !Same(old, after[n])).Order(StringComparer.Ordinal)];
        ImmutableArray<string> unchanged = [.. after.Keys.Where(n => before.TryGetValue(n, out ConsoleConfig? old) && Same(old, after[n])).Order(StringComparer.Ordinal)];
        return new ReloadPlan(added, removed, changed, unchanged, [.. RestartOnly(running, next)]);
    }

    /// <summary>Whether anything at all changes for the consoles.</summary>
    public bool ChangesConsoles => !(Added.IsEmpty && Removed.IsEmpty && Changed.IsEmpty);

    // Without a definition (the embedded demo) a console is never taken for unchanged.
    private static bool Same(ConsoleConfig old, ConsoleConfig next) => old.Definition is { } d && d == next.Definition;

    /// <summary>
    /// Settings the running daemon cannot take without a restart: the stores are open on their paths and with their
    /// limits, the API and metrics sockets are bound, the log files are open, and every console's session was made
    /// with the incident settings (changing them would mean restarting every console, which a reload must not do
    /// silently).
    /// </summary>
    private static IEnumerable<string> RestartOnly(SolwatchConfig a, SolwatchConfig b)
    {
        foreach (string s in Compare("storage.database", a.Storage.Database, b.Storage.Database))
        {
            yield return s;
        }
        foreach (string s in Compare("storage.transcripts", a.Storage.Transcripts, b.Storage.Transcripts))
        {
            yield return s;
        }
        foreach (string s in Compare("storage.rawTranscripts", a.Storage.RawTranscripts, b.Storage.RawTranscripts))
        {
            yield return s;
        }
        foreach (string s in Compare("storage.retention", a.Storage.Retention, b.Storage.Retention))
        {
            yield return s;
        }
        foreach (string s in Compare("retention", a.Retention, b.Retention))
        {
            yield return s;
        }
        foreach (string s in Compare("incidents", a.Incidents, b.Incidents))
        {
            yield return s;
        }
        foreach (string s in Compare("api.address", a.Api.Address, b.Api.Address))
        {
            yield return s;
        }
        foreach (string s in Compare("api.port", a.Api.Port, b.Api.Port))
        {
            yield return s;
        }
        foreach (string s in Compare("logging.directory", a.Logging.Directory, b.Logging.Directory))
        {
            yield return s;
        }
        foreach (string s in Compare("metrics.listen", a.Metrics.Listen, b.Metrics.Listen))
        {
            yield return s;
        }
        // The dashboard's listener, TLS and access are set up at start (a users file's lines are read at each login).
        foreach (string s in Compare("web", a.Web, b.Web))
        {
            yield return s;
        }
        // Turning metrics off applies at once (the endpoint stops answering); on, it needs the exporter a start registers.
        if (!a.Metrics.Enabled && b.Metrics.Enabled)
        {
            yield return "metrics.enabled: false -> true";
        }
    }

    private static IEnumerable<string> Compare<T>(string key, T running, T next)
    {
        if (!EqualityComparer<T>.Default.Equals(running, next))
        {
            yield return $"{key}: {Show(running)} -> {Show(next)}";
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(default)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
