using SolWatch.ConsoleCapture.Collectors.Tcp;
using SolWatch.ConsoleCapture.Collectors.Telnet;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Tcp;

/// <summary>ser2net in front of a socat pty: the way a serial console reaches the network in real racks.</summary>
public sealed class Ser2NetConsoleTests : IDisposable
{
    private static readonly SupervisorOptions Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-ser2net-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact("socat", "ser2net")]
    public async Task The_tcp_collector_reads_a_raw_ser2net_port_and_reconnects_after_ser2net_restarts()
    {
        await using PtyPair line = await PtyPair.StartAsync(_dir, "raw");
        int port = FreePorts.Tcp();
        PeerProcess ser2net = await Ser2Net.StartAsync(_dir, line.FarDevice, port, telnet: false);
        try
        {
            var collector = new TcpCollector(new TcpCollectorOptions("127.0.0.1", port));
            var sink = new RecordingSink();
            var gaps = new List<ConsoleGap>();
            var supervisor = new ConsoleSupervisor(collector, sink, Fast, g => { lock (gaps) { gaps.Add(g); } });
            using var cts = new CancellationTokenSource();
            Task run = supervisor.RunAsync(cts.Token);
            // 60 s as for the reconnection: a CI run's lab VMs load the machine (once 30 s passed with no connection).
            await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the connection", TimeSpan.FromSeconds(60));

            await using (FileStream near = line.OpenNear())
            {
                byte[] typed = new byte[64];
                Task<int> read = near.ReadAsync(typed).AsTask();
                await WriteUntilSeenAsync(line, sink, "[    2.000000] console via ser2net raw\r\n");
                await collector.SendAsync("ls\r"u8.ToArray(), CancellationToken.None);
                int n = await read.WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal("ls\r", System.Text.Encoding.ASCII.GetString(typed, 0, n));
            }

            await ser2net.DisposeAsync();
            ser2net = await Ser2Net.StartAsync(_dir, line.FarDevice, port, telnet: false);
            await sink.WaitUntilAsync(s => s.Connects.Count >= 2, "the reconnection", TimeSpan.FromSeconds(60));
            await WriteUntilSeenAsync(line, sink, "after restart\r\n");

            lock (gaps)
            {
                Assert.NotEmpty(gaps);
            }
            await Assert.ThrowsAsync<NotSupportedException>(() => collector.SendBreakAsync(CancellationToken.None).AsTask());
            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await ser2net.DisposeAsync();
        }
    }

    [PeerFact("socat", "ser2net")]
    public async Task The_telnet_collector_reads_a_ser2net_telnet_port_with_no_protocol_bytes_in_the_text()
    {
        await using PtyPair line = await PtyPair.StartAsync(_dir, "telnet");
        int port = FreePorts.Tcp();
        await using PeerProcess ser2net = await Ser2Net.StartAsync(_dir, line.FarDevice, port, telnet: true);
        using var collector = new TelnetCollector(new TelnetCollectorOptions(new TcpCollectorOptions("127.0.0.1", port)));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the connection");

        // A 0xFF byte on the serial line travels as IAC IAC and must come out as one 0xFF.
        await WriteUntilSeenAsync(line, sink, "[    3.000000] byte \u00ff survives\r\n");
        await using (FileStream near = line.OpenNear())
        {
            byte[] typed = new byte[64];
            Task<int> read = near.ReadAsync(typed).AsTask();
            await collector.SendAsync(new byte[] { (byte)'x', 0xFF, (byte)'\r' }, CancellationToken.None);
            int n = await read.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(new byte[] { (byte)'x', 0xFF, (byte)'\r' }, typed[..n]);
        }
        await collector.SendBreakAsync(CancellationToken.None);

        string text = sink.Text;
        Assert.DoesNotContain("\u00ff\u00ff", text, StringComparison.Ordinal);
        Assert.All(text.Replace("\u00ff survives", "", StringComparison.Ordinal), c => Assert.NotEqual('\u00ff', c));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// ser2net opens the device only when a client connects, and a pty drops what is written while its other end
    /// is closed; so write until the text arrives rather than guess when ser2net is ready.
    /// </summary>
    private static async Task WriteUntilSeenAsync(PtyPair line, RecordingSink sink, string text)
    {
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(text);
        for (int attempt = 0; attempt < 60; attempt++)
        {
            await line.WriteAsync(bytes);
            if (await sink.TryWaitUntilAsync(s => s.Text.Contains(text, StringComparison.Ordinal), TimeSpan.FromMilliseconds(500)))
            {
                return;
            }
        }
        Assert.Fail($"'{text}' never arrived through ser2net; {sink.Describe()}");
    }
}
