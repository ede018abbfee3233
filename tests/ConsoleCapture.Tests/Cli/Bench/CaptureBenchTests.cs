using SolWatch.ConsoleCapture.Cli.Bench;

namespace SolWatch.ConsoleCapture.Tests.Cli.Bench;

public sealed class CaptureBenchTests
{
    [Fact]
    public async Task Five_consoles_streaming_for_a_few_seconds_store_an_incident_per_panic_and_lose_no_line()
    {
        var workload = new CaptureBenchOptions
        {
            Consoles = 5,
            Streaming = TimeSpan.FromSeconds(4),
            BurstingShare = 0.4,
            TrickleInterval = TimeSpan.FromMilliseconds(500),
            QuietPeriod = TimeSpan.FromSeconds(1),
        };
        using var progress = new StringWriter();

        CaptureBenchReport report = await CaptureBench.RunAsync(workload, progress, CancellationToken.None);

        Assert.Equal(3, report.BurstingConsoles);
        Assert.True(report.Panics >= 3, $"expected a panic from each of the 3 bursting consoles, got {report.Panics}");
        Assert.Equal(0, report.PanicsWithoutIncident);
        Assert.True(report.IncidentsStored >= report.Panics, $"{report.IncidentsStored} incidents for {report.Panics} panics");
        Assert.True(report.LinesSent > report.Panics, $"only {report.LinesSent} lines sent");
        Assert.Equal(0, report.LinesLost);
        Assert.Equal((report.BytesSent, 0), (report.RawBytesWritten, report.RawBytesLost)); // raw transcripts on, as the daemon's default
        Assert.NotNull(report.LatencyP99);
        using var table = new StringWriter();
        report.Print(table);
        Assert.Contains("lines lost", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("reproduce: solwatch bench capture --consoles 5 --seconds 4", table.ToString(), StringComparison.Ordinal);
    }
}
