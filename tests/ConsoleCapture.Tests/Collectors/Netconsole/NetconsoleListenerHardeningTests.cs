using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Collectors.Netconsole;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

/// <summary>The listener against hostile traffic, on real UDP (127.0.0.0/8 gives as many source addresses as wanted).</summary>
public class NetconsoleListenerHardeningTests
{
    private static async Task SendAsync(IPAddress from, int port, string datagram)
    {
        using var client = new UdpClient(new IPEndPoint(from, 0));
        await client.SendAsync(Encoding.Latin1.GetBytes(datagram), new IPEndPoint(IPAddress.Loopback, port));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Throws from its first <see cref="OnBytes"/>, as a failing decoder or sink would; records the rest.</summary>
    private sealed class FailingOnceSink : IConsoleSink
    {
        private int _calls;

        public RecordingSink Recorded { get; } = new();

        public void OnConnected(string detail) => Recorded.OnConnected(detail);

        public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("decoding this datagram failed");
            }
            Recorded.OnBytes(bytes, receivedAt);
        }
    }

    [Fact]
    public async Task A_datagram_whose_decoding_fails_is_skipped_and_the_listener_goes_on()
    {
        int port = FreePorts.Udp();
        var listener = new NetconsoleListener(new NetconsoleListenerOptions(IPAddress.Loopback, port));
        IPAddress host = IPAddress.Parse("127.0.0.31");
        IConsoleCollector collector = listener.CollectorFor(host);
        using var cts = new CancellationTokenSource();
        Task listening = listener.RunAsync(cts.Token);
        var sink = new FailingOnceSink();
        var supervisor = new ConsoleSupervisor(collector, sink, new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), _ => { });
        Task supervising = supervisor.RunAsync(cts.Token);
        await sink.Recorded.WaitUntilAsync(s => s.Connects.Count == 1, "the console to attach");

        await SendAsync(host, port, "[    1.000000] this one fails\n");
        await Task.Delay(200);
        await SendAsync(host, port, "[    2.000000] Kernel panic - not syncing: still heard\n");

        await sink.Recorded.WaitForTextAsync("still heard\n", TimeSpan.FromSeconds(10));
        Assert.False(listening.IsCompleted, "the listener stopped");
        Assert.Single(sink.Recorded.Connects); // the console was not dropped and re-attached either
        await cts.CancelAsync();
        await supervising.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failed_datagram_is_counted_and_logged()
    {
        int port = FreePorts.Udp();
        var log = new RecordingLogger();
        var listener = new NetconsoleListener(new NetconsoleListenerOptions(IPAddress.Loopback, port), log: log);
        IPAddress host = IPAddress.Parse("127.0.0.32");
        IConsoleCollector collector = listener.CollectorFor(host);
        using var cts = new CancellationTokenSource();
        Task listening = listener.RunAsync(cts.Token);
        var sink = new FailingOnceSink();
        Task supervising = new ConsoleSupervisor(collector, sink, new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), _ => { }).RunAsync(cts.Token);
        await sink.Recorded.WaitUntilAsync(s => s.Connects.Count == 1, "the console to attach");

        await SendAsync(host, port, "fails\n");
        // The listener counts the failure, then logs it: under load the count can be seen before the line is written.
        await WaitForAsync(() => listener.Health.DecodeFailures == 1 && log.Lines.Count > 0, "the failure to be counted and logged");

        (LogLevel level, string message) = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("127.0.0.32", message, StringComparison.Ordinal);
        Assert.Contains("the listener goes on", message, StringComparison.Ordinal);
        await cts.CancelAsync();
        await supervising.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_message_whose_last_fragments_never_come_is_shown_incomplete_within_seconds()
    {
        int port = FreePorts.Udp();
        var listener = new NetconsoleListener(new NetconsoleListenerOptions(IPAddress.Loopback, port));
        IPAddress host = IPAddress.Parse("127.0.0.33");
        IConsoleCollector collector = listener.CollectorFor(host);
        using var cts = new CancellationTokenSource();
        Task listening = listener.RunAsync(cts.Token);
        var sink = new RecordingSink();
        Task supervising = new ConsoleSupervisor(collector, sink, new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), _ => { }).RunAsync(cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "the console to attach");

        // The machine dies after the first fragment of its last message: nothing else will ever come from it.
        await SendAsync(host, port, "0,500,90000000,-,ncfrag=0/60;Kernel panic - not syncing: Fatal exception");

        await sink.WaitForTextAsync("[   90.000000] Kernel panic - not syncing: Fatal exception [solwatch: netconsole message incomplete, fragments lost]\n",
            NetconsoleLimits.PartialMaxAge + TimeSpan.FromSeconds(10));
        Assert.Equal(1, listener.Health.IncompleteMessages);
        await cts.CancelAsync();
        await supervising.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Thousands_of_spoofed_senders_cost_ten_warnings_one_summary_a_minute_and_bounded_memory()
    {
        int port = FreePorts.Udp();
        var log = new RecordingLogger();
        var listener = new NetconsoleListener(new NetconsoleListenerOptions(IPAddress.Loopback, port), log: log, reportInterval: TimeSpan.FromSeconds(3));
        using var cts = new CancellationTokenSource();
        Task listening = listener.RunAsync(cts.Token);
        await WaitForAsync(() => listener.IsListening, "the listener to bind");

        const int Senders = 3000;
        for (int i = 0; i < Senders; i++)
        {
            await SendAsync(new IPAddress([127, 9, (byte)(i >> 8), (byte)(i & 0xFF)]), port, "stranger\n");
        }
        await WaitForAsync(() => listener.Health.UnknownSenderDatagrams == Senders, $"{Senders} unknown datagrams to be counted");
        await WaitForAsync(() => log.Lines.Any(l => l.Message.Contains("distinct unknown senders", StringComparison.Ordinal)), "the summary line");

        string[] warnings = [.. log.Lines.Select(l => l.Message).Where(m => m.Contains("belong to no configured console", StringComparison.Ordinal))];
        Assert.Equal(UnknownSenderLog.WarningsPerInterval, warnings.Length);
        string summary = Assert.Single(log.Lines, l => l.Message.Contains("distinct unknown senders", StringComparison.Ordinal)).Message;
        Assert.Contains($"dropped {Senders - UnknownSenderLog.WarningsPerInterval} datagrams from {Senders - UnknownSenderLog.WarningsPerInterval} distinct", summary, StringComparison.Ordinal);
        Assert.True(listener.UnknownSendersRemembered <= UnknownSenderLog.WarnedCapacity);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
