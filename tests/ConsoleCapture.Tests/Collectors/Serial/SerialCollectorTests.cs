using System.Text;
using SolWatch.ConsoleCapture.Collectors.Serial;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using Xunit.Abstractions;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Serial;

/// <summary>A socat pty pair stands for the serial line: the test writes at one end, the collector reads the other.</summary>
public sealed class SerialCollectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-serial-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact("socat")]
    public async Task Bytes_written_at_the_far_end_arrive_and_input_goes_back_out()
    {
        await using PtyPair line = await PtyPair.StartAsync(_dir, "line");
        using var collector = new SerialCollector(new SerialCollectorOptions(line.Far, 115200));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");

        // Read the far end while the collector sends, so we see its input.
        await using FileStream farEnd = line.OpenNear();
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

    [PeerFact("socat")]
    public async Task A_port_whose_peer_went_away_is_reopened_when_it_comes_back_and_the_gap_is_reported()
    {
        PtyPair line = await PtyPair.StartAsync(_dir, "line");
        try
        {
            using var collector = new SerialCollector(new SerialCollectorOptions(line.Far, staleCheckInterval: TimeSpan.FromMilliseconds(200)));
            var sink = new RecordingSink();
            var gaps = new List<ConsoleGap>();
            var supervisor = new ConsoleSupervisor(collector, sink,
                new SupervisorOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)), g => { lock (gaps) { gaps.Add(g); } });
            using var cts = new CancellationTokenSource();
            Task run = supervisor.RunAsync(cts.Token);
            await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");
            await line.WriteAsync("before\r\n"u8.ToArray());
            await sink.WaitForTextAsync("before\r\n");

            await line.DisposeAsync();
            line = await PtyPair.StartAsync(_dir, "line");
            await sink.WaitUntilAsync(s => s.Connects.Count == 2, "the port to be reopened", TimeSpan.FromSeconds(60));
            await line.WriteAsync("after\r\n"u8.ToArray());
            await sink.WaitForTextAsync("after\r\n");

            lock (gaps)
            {
                output.WriteLine($"gap: {Assert.Single(gaps).Reason}");
                Assert.Contains("serial:" + line.Far, gaps[0].Reason, StringComparison.Ordinal);
            }
            Assert.Equal(2, supervisor.Status.Connects);
            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await line.DisposeAsync();
        }
    }

    [PeerFact("socat")]
    public async Task A_device_path_that_now_names_another_device_is_reopened_although_the_old_one_still_reads()
    {
        // Like a replugged USB adapter that came back as a new node under the same by-id link: the old
        // descriptor does not fail, only the path's identity tells.
        await using PtyPair first = await PtyPair.StartAsync(_dir, "first");
        await using PtyPair second = await PtyPair.StartAsync(_dir, "second");
        string stable = Path.Combine(_dir, "by-id");
        File.CreateSymbolicLink(stable, first.FarDevice);
        using var collector = new SerialCollector(new SerialCollectorOptions(stable, staleCheckInterval: TimeSpan.FromMilliseconds(100)));
        var sink = new RecordingSink();
        var gaps = new List<ConsoleGap>();
        var supervisor = new ConsoleSupervisor(collector, sink,
            new SupervisorOptions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)), g => { lock (gaps) { gaps.Add(g); } });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the port to open");
        await first.WriteAsync("old device\r\n"u8.ToArray());
        await sink.WaitForTextAsync("old device\r\n");

        File.Delete(stable);
        File.CreateSymbolicLink(stable, second.FarDevice);
        await sink.WaitUntilAsync(s => s.Connects.Count == 2, "the port to be reopened");
        await second.WriteAsync("new device\r\n"u8.ToArray());
        await sink.WaitForTextAsync("new device\r\n");

        lock (gaps)
        {
            Assert.Contains("replaced", Assert.Single(gaps).Reason, StringComparison.Ordinal);
        }
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_device_path_that_names_a_regular_file_fails_saying_it_is_no_serial_device_not_to_join_dialout()
    {
        string file = Path.Combine(_dir, "console.log");
        await File.WriteAllTextAsync(file, "not a tty\n");
        using var collector = new SerialCollector(new SerialCollectorOptions(file));

        var e = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None));

        Assert.Contains("is a regular file, not a serial device", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dialout", e.Message, StringComparison.Ordinal);
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
