using System.Text.Json;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary><c>GET /api/consoles</c> shows what a running console has received so far, not what it had when it connected.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConsoleCountersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-counters-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_bytes_and_last_data_time_of_a_console_that_keeps_printing_grow_between_two_polls()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: chatty
                type: exec
                shell: "while true; do echo counter-line-0123456789; sleep 0.05; done"
            """);
        await daemon.WaitForConnectedAsync("chatty");

        // Give it time to print some hundred lines, then poll twice, a second apart.
        await Task.Delay(TimeSpan.FromSeconds(2));
        JsonElement first = await daemon.ConsoleAsync("chatty");
        await Task.Delay(TimeSpan.FromSeconds(1));
        JsonElement second = await daemon.ConsoleAsync("chatty");

        long bytes1 = first.GetProperty("connection").GetProperty("bytes").GetInt64();
        long bytes2 = second.GetProperty("connection").GetProperty("bytes").GetInt64();
        Assert.True(bytes1 > 0, $"bytes after two seconds of output: {first}");
        Assert.True(bytes2 > bytes1, $"bytes did not grow: {bytes1} then {bytes2}");
        Assert.True(first.GetProperty("lines").GetInt64() > 0, first.ToString());
        Assert.True(second.GetProperty("lines").GetInt64() > first.GetProperty("lines").GetInt64(), second.ToString());
        DateTimeOffset lastData = second.GetProperty("connection").GetProperty("lastDataAt").GetDateTimeOffset();
        Assert.True(DateTimeOffset.UtcNow - lastData < TimeSpan.FromSeconds(30), $"last data at {lastData}");

        // The CLI shows the same live figures.
        (int code, string json, string stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(1), "consoles", "--json");
        Assert.True(code == 0, stderr);
        JsonElement shown = JsonSerializer.Deserialize<JsonElement[]>(json)!.Single(c => c.GetProperty("name").GetString() == "chatty");
        Assert.True(shown.GetProperty("connection").GetProperty("bytes").GetInt64() >= bytes2, shown.ToString());
    }
}
