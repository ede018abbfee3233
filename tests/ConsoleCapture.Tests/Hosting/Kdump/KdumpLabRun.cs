using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Hosting.Kdump;

/// <summary>What a user of the daemon could see of one lab kdump run, gathered once the VM is gone.</summary>
/// <param name="Case">The crash and variant.</param>
/// <param name="ConsoleLog">Everything the VM printed on ttyS0 (qemu's copy), kept as evidence.</param>
/// <param name="VmExited">qemu ended by itself (the last kernel rebooted) within <see cref="KdumpLabCase.Timeout"/>.</param>
/// <param name="Incidents">Every stored incident of the console, as <c>incidents show ID --json</c> prints it.</param>
/// <param name="Notes">SolWatch's notes among the console's lines in <c>tail --json</c>, in order.</param>
/// <param name="TailLines">Every line <c>tail</c> printed (console lines and notes), for failure messages.</param>
/// <param name="Fleet">The console's entry of <c>kdump --json</c> (the fleet), while the daemon runs.</param>
/// <param name="FleetTable"><c>solwatch kdump</c>'s table.</param>
/// <param name="Disk">The VM's dump disk, or null (nodisk).</param>
internal sealed record KdumpLabResult(
    KdumpLabCase Case,
    string ConsoleLog,
    bool VmExited,
    IReadOnlyList<JsonElement> Incidents,
    IReadOnlyList<JsonElement> Notes,
    IReadOnlyList<string> TailLines,
    JsonElement Fleet,
    string FleetTable,
    string? Disk)
{
    /// <summary>The end of what tail printed and the log's path: enough to see what went wrong.</summary>
    public string Evidence => $"console log {ConsoleLog}; tail's last lines:\n  {string.Join("\n  ", TailLines.TakeLast(25))}";
}

/// <summary>
/// One kdump variant through a running daemon: qemu listens with the VM's ttyS0, a real <c>solwatch run</c> has it as a
/// <c>tcp</c> console (the guest starts when it connects), <c>solwatch tail --json</c> follows it, and when qemu has
/// exited and the incident's story has settled, the incidents, the fleet and the notes are read through the CLI.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class KdumpLabRun
{
    // After qemu exits, how long the story may take to reach the store (the quiet period is 2 s).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task<KdumpLabResult> RunAsync(string labWork, KdumpLabCase run, string dir)
    {
        Directory.CreateDirectory(dir);
        string database = TestDaemon.Database(dir);
        int port = FreePorts.Tcp();
        // qemu first: it listens at once and holds the guest until the daemon's console connects (wait=on).
        await using KdumpLabVm vm = await KdumpLabVm.StartAsync(labWork, run, port);
        string config = await TestDaemon.WriteConfigAsync(dir, $"""
              - name: {run.Name}
                host: {run.Name}
                type: tcp
                address: 127.0.0.1
                port: {port}
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, database);
        // --since: the lines already received first, then live. It subscribes before it reads the transcript, so once
        // it printed a line it sees every later note; the crash comes many seconds after the first line (kexec -p).
        using SolwatchProcess tail = SolwatchProcess.Start(["tail", run.Name, "--json", "--since", "1h", "--db", database]);
        await WaitAsync(() => Task.FromResult(tail.Stdout.Length > 0 || vm.HasExited), TestDaemon.Patience);

        bool exited = await vm.WaitForExitAsync(KdumpLabCase.Timeout);
        // The incident's story has settled once the console has been quiet for the quiet period after its last step.
        JsonElement[] incidents = [];
        await WaitAsync(async () =>
        {
            incidents = await ExportAsync(database);
            return incidents.Any(i => i.GetProperty("kdump") is { ValueKind: JsonValueKind.Object } k && k.GetProperty("outcome").GetString() != "unknown");
        }, Settle);
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the quiet period: the lines after the crash are stored too
        incidents = await ShowAllAsync(database);

        (int code, string fleetJson, string fleetErr) = await SolwatchProcess.RunAsync("kdump", "--json", "--db", database);
        Assert.True(code == 0, $"solwatch kdump --json failed: {fleetErr}");
        JsonElement fleet = JsonSerializer.Deserialize<JsonElement[]>(fleetJson)!.Single(e => e.GetProperty("console").GetString() == run.Name);
        (code, string table, string tableErr) = await SolwatchProcess.RunAsync("kdump", "--db", database);
        Assert.True(code == 0, $"solwatch kdump failed: {tableErr}");

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(TestDaemon.Patience));
        string[] tailLines = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonElement[] notes = [.. tailLines.Select(l => JsonSerializer.Deserialize<JsonElement>(l))
            .Where(l => l.TryGetProperty("incident", out JsonElement id) && id.ValueKind == JsonValueKind.Number)];
        return new KdumpLabResult(run, vm.LogPath, exited, incidents, notes, tailLines, fleet, table, vm.DiskImage);
    }

    // incidents export: every incident in one call (the same object as show --json), to poll the store cheaply.
    private static async Task<JsonElement[]> ExportAsync(string database)
    {
        (int code, string export, string err) = await SolwatchProcess.RunAsync("incidents", "export", "--db", database);
        Assert.True(code == 0, $"solwatch incidents export failed: {err}");
        return [.. export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<JsonElement>(l))];
    }

    private static async Task<JsonElement[]> ShowAllAsync(string database)
    {
        (int code, string list, string err) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--db", database);
        Assert.True(code == 0, $"solwatch incidents list failed: {err}");
        var shown = new List<JsonElement>();
        foreach (JsonElement summary in JsonSerializer.Deserialize<JsonElement[]>(list)!)
        {
            string id = summary.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            (code, string json, err) = await SolwatchProcess.RunAsync("incidents", "show", id, "--json", "--db", database);
            Assert.True(code == 0, $"solwatch incidents show {id} failed: {err}");
            shown.Add(JsonSerializer.Deserialize<JsonElement>(json));
        }
        return [.. shown];
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan patience)
    {
        DateTime deadline = DateTime.UtcNow + patience;
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2000);
        }
    }
}
