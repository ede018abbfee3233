using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Hosting.Demo;

/// <summary>Looks in the database whether the demo console's panic was stored by an earlier run.</summary>
internal static class DemoReplay
{
    /// <summary>
    /// For each demo console: finds the incident an earlier run stored its panic as (same console, same fingerprint)
    /// and sets <see cref="DemoSettings.PreviousIncident"/>. Returns what to tell the user, one line per demo console.
    /// Runs before the pipeline opens the database (the consoles' endpoints are read when it is built), so it opens
    /// the database for a moment itself; one it cannot open is left to the pipeline to report.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(SolwatchConfig config, CancellationToken ct)
    {
        if (!config.Consoles.Any(c => c.Settings is DemoSettings))
        {
            return [];
        }
        IncidentStore? incidents = null;
        if (File.Exists(config.Storage.Database))
        {
            try
            {
                incidents = IncidentStore.Open(new IncidentStoreOptions { Path = config.Storage.Database });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreUnavailableException or InvalidOperationException)
            {
                incidents = null;
            }
        }
        try
        {
            return await LookUpAsync(config, incidents, ct);
        }
        finally
        {
            if (incidents is not null)
            {
                await incidents.DisposeAsync();
            }
        }
    }

    private static async Task<IReadOnlyList<string>> LookUpAsync(SolwatchConfig config, IncidentStore? incidents, CancellationToken ct)
    {
        var notes = new List<string>();
        foreach (ConsoleConfig console in config.Consoles)
        {
            if (console.Settings is not DemoSettings demo)
            {
                continue;
            }
            var fingerprints = new List<string>();
            await using (Stream capture = DemoSettings.OpenCapture())
            {
                await StreamScanner.ScanAsync(capture, r => fingerprints.Add(r.Fingerprint), ct);
            }
            Incident? before = incidents is null ? null : fingerprints
                .Select(f => incidents.Query(new IncidentQuery { Console = console.Name, Fingerprint = f, Limit = 1 }))
                .SelectMany(found => found)
                .MinBy(i => i.Id);
            demo.PreviousIncident = before?.Id;
            notes.Add(before is null
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"replaying {DemoSettings.Capture} at {demo.BytesPerSecond} B/s (a 115200-baud serial line); its panic becomes an incident about {config.Incidents.QuietPeriod.TotalSeconds:0} s after the replay ends")
                : $"{DemoSettings.Capture} was replayed into this database before: its panic is incident {before.Id} (solwatch incidents show {before.Id}{CliAddress.For(config)}); not replayed or stored again (--data-dir DIR starts a fresh demo)");
        }
        return notes;
    }
}
