using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Tests.Cli.Db;

/// <summary>A crash loop stored as one incident: the CLI shows how many times it happened and when last.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RepeatedIncidentCliTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 7, 53, 1, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-repeat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Incidents_list_and_show_give_the_occurrences_and_last_seen_time_of_a_repeated_crash()
    {
        string db = Path.Combine(_dir, "incidents.db");
        await using (var store = IncidentStore.Open(new IncidentStoreOptions { Path = db }))
        {
            for (int n = 0; n < 3; n++)
            {
                var report = new CrashReport { Kind = CrashKind.Oops, Title = "BUG: soft lockup in loop_fn", Fingerprint = "5eed5eed5eed5eed", Text = "BUG" };
                Assert.True(store.TryStore(new NewIncident("bmc1", "node1", report, T0.AddMinutes(n), T0.AddMinutes(n).AddSeconds(1),
                    [new TranscriptLine(T0.AddMinutes(n), "BUG")]), out var stored));
                await stored;
            }
        }

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--db", db, "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"occurrences\": 3", stdout, StringComparison.Ordinal);
        Assert.Contains("\"lastSeenAt\": \"2026-11-26T07:55:02", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("incidents", "show", "1", "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("occurrences 3 (repeats on this console counted here; last seen 2026-11-26", stdout, StringComparison.Ordinal);
    }
}
