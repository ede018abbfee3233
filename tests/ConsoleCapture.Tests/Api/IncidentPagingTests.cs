using System.Collections.Immutable;
using System.Text.Json;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary><c>GET /api/incidents</c> answers at most one page however large the limit asked, and says where the next page starts.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IncidentPagingTests : IDisposable
{
    private const int Stored = 1_203;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-paging-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Incidents three to a time (ties at one tick, as one read of a replayed log gives), in the daemon's database.</summary>
    private async Task StoreIncidentsAsync()
    {
        string database = TestDaemon.Database(_dir);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = database });
        var t0 = new DateTimeOffset(2026, 11, 26, 7, 53, 1, TimeSpan.Zero);
        var stored = new List<Task<Incident>>();
        for (int i = 0; i < Stored; i++)
        {
            DateTimeOffset at = t0.AddSeconds(i / 3);
            // Distinct fingerprints: one console's repeats of one fingerprint are counted on the first incident, not stored again.
            var report = new CrashReport
            {
                Kind = i % 2 == 0 ? CrashKind.Oops : CrashKind.HungTask,
                Title = $"BUG: paging test {i}",
                Fingerprint = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
                Text = "BUG: paging test",
            };
            Assert.True(store.TryStore(new NewIncident("paged", null, report, at, at, ImmutableArray<TranscriptLine>.Empty), out Task<Incident> done));
            stored.Add(done);
        }
        await Task.WhenAll(stored);
    }

    [Fact]
    public async Task A_limit_over_the_maximum_page_is_capped_the_answer_names_the_next_page_and_following_pages_gives_every_incident_once()
    {
        await StoreIncidentsAsync();
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: idle
                type: exec
                command: [sleep, "600"]
            """);

        var seen = new List<long>();
        string? url = "/api/incidents?limit=100000";
        int pages = 0;
        while (url is not null)
        {
            using HttpResponseMessage response = await daemon.Http.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            JsonElement[] page = JsonSerializer.Deserialize<JsonElement[]>(await response.Content.ReadAsStringAsync())!;
            Assert.True(page.Length <= 500, $"a page of {page.Length} incidents");
            seen.AddRange(page.Select(i => i.GetProperty("id").GetInt64()));
            pages++;
            url = null;
            if (response.Headers.TryGetValues("X-Next-Before", out IEnumerable<string>? next))
            {
                Assert.Equal(seen[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), next.Single());
                Assert.Contains($"before={next.Single()}", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
                url = $"/api/incidents?limit=100000&before={next.Single()}";
            }
            Assert.True(pages <= 10, "the pages never end");
        }
        Assert.Equal(3, pages);
        Assert.Equal(Stored, seen.Count);
        Assert.Equal(Stored, seen.Distinct().Count());

        // A cursor with no such incident is refused with a clear message.
        using HttpResponseMessage bad = await daemon.Http.GetAsync("/api/incidents?before=99999999");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("before: no incident 99999999", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The fleet view is not paged: a limit beyond its bound is refused, not served.
        using HttpResponseMessage fleet = await daemon.Http.GetAsync("/api/fleet?limit=1000000");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, fleet.StatusCode);
        Assert.Contains("limit: at most 10000 fingerprint groups", await fleet.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The CLI follows the pages up to the limit it was given.
        (int code, string json, string stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(2), "incidents", "list", "--limit", "5000", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(Stored, JsonSerializer.Deserialize<JsonElement[]>(json)!.Length);
        (code, json, stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(2), "incidents", "list", "--limit", "700", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(seen.Take(700), JsonSerializer.Deserialize<JsonElement[]>(json)!.Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_kind_filter_takes_the_names_scan_prints_and_the_enum_names_of_older_clients()
    {
        await StoreIncidentsAsync();
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: idle
                type: exec
                command: [sleep, "600"]
            """);

        foreach (string kind in new[] { "hung-task", "HungTask" })
        {
            using HttpResponseMessage response = await daemon.Http.GetAsync($"/api/incidents?kind={kind}&limit=500");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            JsonElement[] page = JsonSerializer.Deserialize<JsonElement[]>(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(500, page.Length);
            Assert.All(page, i => Assert.Equal("hung-task", i.GetProperty("report").GetProperty("kind").GetString()));
        }
        using HttpResponseMessage bad = await daemon.Http.GetAsync("/api/incidents?kind=nosuch");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("hung-task", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_page_names_an_incidents_attachments_without_their_text_unless_asked_and_the_incident_itself_has_it()
    {
        string database = TestDaemon.Database(_dir);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        string dmesg = string.Concat(Enumerable.Repeat("[    8.773216] Kernel panic - not syncing: sysrq triggered crash\n", 2000));
        long id;
        await using (IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = database }))
        {
            var at = new DateTimeOffset(2026, 12, 5, 4, 10, 11, TimeSpan.Zero);
            var report = new CrashReport { Kind = CrashKind.Panic, Title = "kernel panic: sysrq triggered crash", Fingerprint = "f00d", Text = "Kernel panic" };
            Assert.True(store.TryStore(new NewIncident("db-7", null, report, at, at, ImmutableArray<TranscriptLine>.Empty), out Task<Incident> stored));
            Incident incident = await stored;
            id = incident.Id;
            Assert.True(store.TryAttach(incident, new IncidentAttachment("vmcore-dmesg.txt", at.AddMinutes(3), "ssh://root@db-7:22/var/crash/x/vmcore-dmesg.txt", dmesg, null), out Task<Incident> attached));
            await attached;
        }
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: idle
                type: exec
                command: [sleep, "600"]
            """);

        JsonElement listed = (await GetAsync(daemon, "/api/incidents")).EnumerateArray().Single();
        JsonElement named = listed.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("vmcore-dmesg.txt", named.GetProperty("name").GetString());
        Assert.Equal("ssh://root@db-7:22/var/crash/x/vmcore-dmesg.txt", named.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, named.GetProperty("text").ValueKind);

        JsonElement full = (await GetAsync(daemon, "/api/incidents?attachments=full")).EnumerateArray().Single();
        Assert.Equal(dmesg, full.GetProperty("attachments")[0].GetProperty("text").GetString());
        JsonElement one = await GetAsync(daemon, $"/api/incidents/{id}");
        Assert.Equal(dmesg, one.GetProperty("attachments")[0].GetProperty("text").GetString());

        using HttpResponseMessage bad = await daemon.Http.GetAsync("/api/incidents?attachments=all");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("attachments: all is not summary", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The export through the daemon is in full.
        (int code, string exported, string stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(2), "incidents", "export");
        Assert.True(code == 0, stderr);
        Assert.Equal(dmesg, JsonSerializer.Deserialize<JsonElement>(exported).GetProperty("attachments")[0].GetProperty("text").GetString());
    }

    private static async Task<JsonElement> GetAsync(RunningDaemon daemon, string url)
    {
        using HttpResponseMessage response = await daemon.Http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
