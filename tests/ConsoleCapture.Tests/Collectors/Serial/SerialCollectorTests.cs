using System.Text;
using SolWatch.ConsoleCapture.Collectors.Serial;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using Xunit.Abstractions;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Serial;

/// <summary>A socat pty pair stands for the serial line: the test writes at one end, the collector reads the other.</summary>
public sealed class SerialCollectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-serial-").FullName;

    private string EndA => Path.Combine(_dir, "A");

    private string EndB => Path.Combine(_dir, "B");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<PeerProcess> StartSocatAsync() => StartSocatAsync(EndA, EndB);

    private static async Task<PeerProcess> StartSocatAsync(string endA, string endB)
    {
        File.Delete(endA);
        File.Delete(endB);
        PeerProcess socat = PeerProcess.Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={endA}", $"pty,raw,echo=0,link={endB}"]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(File.Exists(endA) && File.Exists(endB) && socat.Output.Contains("starting data transfer loop", StringComparison.Ordinal)))
        {
            Assert.False(socat.HasExited, $"socat exited: {socat.Output}");
            await Task.Delay(20, cts.Token);
        }
        return socat;
    }

    private static async Task WriteAsync(string pty, string text)
    {
        await using var stream = new FileStream(pty, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
    }

    [Fact]
    public async Task Bytes_written_at_the_far_end_arrive_and_input_goes_back_out()
    {
        await using PeerProcess socat = await StartSocatAsync();
        using var collector = new SerialCollector(new SerialCollectorOptions(EndB, 115200));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");

        // Read the far end while the collector sends, so we see its input.
        await using var farEnd = new FileStream(EndA, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        byte[] echo = new byte[64];
        Task<int> read = farEnd.ReadAsync(echo).AsTask();
        await farEnd.WriteAsync("[    1.000000] Linux version 6.1.0\r\n"u8.ToArray());
        await farEnd.FlushAsync();
        await sink.WaitForTextAsync("Linux version 6.1.0\r\n");
        await collector.SendAsync("root\r"u8.ToArray(), CancellationToken.None);
        int n = await read.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("root\r", Encoding.ASCII.GetString(echo, 0, n));
        await collector.SendBreakAsync(CancellationToken.None);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_port_whose_peer_went_away_is_reopened_when_it_comes_back_and_the_gap_is_reported()
    {
        PeerProcess socat = await StartSocatAsync();
        try
        {
            using var collector = new SerialCollector(new SerialCollectorOptions(EndB, staleCheckInterval: TimeSpan.FromMilliseconds(200)));
            var sink = new RecordingSink();
            var gaps = new List<ConsoleGap>();
            var supervisor = new ConsoleSupervisor(collector, sink,
                new SupervisorOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)), g => { lock (gaps) { gaps.Add(g); } });
            using var cts = new CancellationTokenSource();
            Task run = supervisor.RunAsync(cts.Token);
            await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");
            await WriteAsync(EndA, "before\r\n");
            await sink.WaitForTextAsync("before\r\n");

            await socat.DisposeAsync();
            socat = await StartSocatAsync();
            await sink.WaitUntilAsync(s => s.Connects.Count == 2, "the port to be reopened", TimeSpan.FromSeconds(60));
            await WriteAsync(EndA, "after\r\n");
            await sink.WaitForTextAsync("after\r\n");

            lock (gaps)
            {
                Assert.Single(gaps);
                output.WriteLine($"gap: {gaps[0].Reason}");
                Assert.Contains("serial:" + EndB, gaps[0].Reason, StringComparison.Ordinal);
            }
            Assert.Equal(2, supervisor.Status.Connects);
            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await socat.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_device_path_that_now_names_another_device_is_reopened_although_the_old_one_still_reads()
    {
        // Like a replugged USB adapter that came back as a new node under the same by-id link: the old
        // descriptor does not fail, only the path's identity tells.
        await using PeerProcess first = await StartSocatAsync();
        string secondA = Path.Combine(_dir, "A2"), secondB = Path.Combine(_dir, "B2");
        await using PeerProcess second = await StartSocatAsync(secondA, secondB);
        string stable = Path.Combine(_dir, "by-id");
        File.CreateSymbolicLink(stable, File.ResolveLinkTarget(EndB, true)!.FullName);
        using var collector = new SerialCollector(new SerialCollectorOptions(stable, staleCheckInterval: TimeSpan.FromMilliseconds(100)));
        var sink = new RecordingSink();
        var gaps = new List<ConsoleGap>();
        var supervisor = new ConsoleSupervisor(collector, sink,
            new SupervisorOptions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)), g => { lock (gaps) { gaps.Add(g); } });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");
        await WriteAsync(EndA, "old device\r\n");
        await sink.WaitForTextAsync("old device\r\n");

        File.Delete(stable);
        File.CreateSymbolicLink(stable, File.ResolveLinkTarget(secondB, true)!.FullName);
        await sink.WaitUntilAsync(s => s.Connects.Count == 2, "the port to be reopened");
        await WriteAsync(secondA, "new device\r\n");
        await sink.WaitForTextAsync("new device\r\n");

        lock (gaps)
        {
            Assert.Contains("replaced", Assert.Single(gaps).Reason, StringComparison.Ordinal);
        }
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("ttyUSB0", 115200, 8, "absolute path")]
    [InlineData("/dev/ttyUSB0", 12, 8, "baud rate")]
    [InlineData("/dev/ttyUSB0", 9600, 9, "data bits")]
    public void Invalid_settings_are_refused_with_a_message_naming_the_setting(string device, int baud, int dataBits, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SerialCollectorOptions(device, baud, dataBits: dataBits));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
