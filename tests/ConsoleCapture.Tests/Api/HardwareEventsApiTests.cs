using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary>
/// A real daemon reading a console that prints a corrected machine check and then a fatal one: the corrected one is
/// stored as a hardware event only, the fatal one as an event and (its panic) an incident; <c>GET /api/hardware-events</c>
/// and <c>incidents list --kind hardware</c> list them with the console's counts.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HardwareEventsApiTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-hardware-api-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_daemon_stores_hardware_events_apart_and_the_api_lists_them_with_the_consoles_counts()
    {
        string log = HardwareFixtures.Write(_dir, "console.log", "x86_64-intel-sbridge-edac-corrected-scrub", "x86_64-intel-wsl-fatal-mce-panic");
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, $"""
              - name: node7
                type: exec
                command: [sh, -c, "cat {log}; sleep 600"]
            """);

        JsonElement view = default;
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await daemon.Http.GetAsync("/api/hardware-events?console=node7");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            view = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
            if (view.GetProperty("events").GetArrayLength() == 2)
            {
                break;
            }
            await Task.Delay(250);
        }
        JsonElement[] events = [.. view.GetProperty("events").EnumerateArray()];
        Assert.Equal(2, events.Length);
        Assert.Equal(["fatal", "corrected"], events.Select(e => e.GetProperty("severity").GetString()));
        Assert.All(events, e => Assert.Equal("hardware", e.GetProperty("kind").GetString()));
        JsonElement rate = Assert.Single(view.GetProperty("rates").EnumerateArray());
        Assert.Equal(("node7", 2L, 1L), (rate.GetProperty("console").GetString(), rate.GetProperty("lastHour").GetInt64(), rate.GetProperty("uncorrected").GetInt64()));

        // Only the panic is an incident (stored once the console has been quiet for the detector's quiet period).
        JsonElement[] stored = [];
        while (DateTime.UtcNow < deadline && stored.Length == 0)
        {
            using HttpResponseMessage incidents = await daemon.Http.GetAsync("/api/incidents");
            stored = JsonSerializer.Deserialize<JsonElement[]>(await incidents.Content.ReadAsStringAsync())!;
            await Task.Delay(stored.Length == 0 ? 250 : 0);
        }
        Assert.Equal("kernel panic: Fatal machine check", Assert.Single(stored).GetProperty("report").GetProperty("title").GetString());

        using HttpResponseMessage bad = await daemon.Http.GetAsync("/api/hardware-events?severity=mild");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);

        (int code, string stdout, string stderr) = await daemon.CliAsync(TestDaemon.Patience, "incidents", "list", "--kind", "hardware");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("node7", stdout.Split('\n')[1], StringComparison.Ordinal);
    }
}
