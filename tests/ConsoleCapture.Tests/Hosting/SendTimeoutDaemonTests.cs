using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using SolWatch.ConsoleCapture.Tests.Api;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// <c>solwatch send</c> to a socket console whose peer never reads (its receive window full) times out with one clear
/// error instead of hanging that console's sends, and the other consoles still take input.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SendTimeoutDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-sockettimeout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_tcp_console_whose_peer_never_reads_times_out_a_send_refuses_the_next_at_once_and_other_consoles_still_take_input()
    {
        using var deaf = new DeafPeer();
        using var ears = new ReadingPeer();
        // No sendTimeout: the default (5 s) applies.
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, $"""
              - name: deaf
                type: tcp
                address: 127.0.0.1
                port: {deaf.Port}
              - name: ears
                type: tcp
                address: 127.0.0.1
                port: {ears.Port}
            """);
        await SendsTimeOutAsync(daemon, ears, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_telnet_console_whose_peer_never_reads_times_out_after_its_send_timeout_and_other_consoles_still_take_input()
    {
        using var deaf = new DeafPeer();
        using var ears = new ReadingPeer();
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, $"""
              - name: deaf
                type: telnet
                address: 127.0.0.1
                port: {deaf.Port}
                sendTimeout: 1s
              - name: ears
                type: telnet
                address: 127.0.0.1
                port: {ears.Port}
            """);
        await SendsTimeOutAsync(daemon, ears, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_telnet_console_with_a_stuck_send_still_answers_negotiation_and_captures_its_output()
    {
        using var deaf = new DeafPeer();
        using var ears = new ReadingPeer();
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, $"""
              - name: deaf
                type: telnet
                address: 127.0.0.1
                port: {deaf.Port}
                sendTimeout: 1s
              - name: ears
                type: telnet
                address: 127.0.0.1
                port: {ears.Port}
            """);
        await SendsTimeOutAsync(daemon, ears, TimeSpan.FromSeconds(1));

        // The stuck write holds the socket; a negotiation request needs a reply, and the output after it must still
        // be captured (the read loop used to wait for the socket to answer, behind the stuck write).
        await deaf.SendAsync([0xFF, 0xFD, 39, .. "still captured\r\n"u8]);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!(await daemon.Http.GetStringAsync("/api/consoles/deaf/transcript")).Contains("still captured", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the console's output after a negotiation request was not captured while a send was stuck");
            await Task.Delay(200);
        }
    }

    [PeerFact("socat")]
    public async Task A_serial_console_whose_line_is_not_drained_times_out_a_send_and_other_consoles_still_take_input()
    {
        // Nobody opens the near end of the pty pair: socat stops taking what the daemon writes once that end's
        // buffer is full, as a port held by flow control would.
        await using PtyPair line = await PtyPair.StartAsync(_dir, "line");
        using var ears = new ReadingPeer();
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, $"""
              - name: deaf
                type: serial
                device: {line.Far}
                sendTimeout: 1s
              - name: ears
                type: tcp
                address: 127.0.0.1
                port: {ears.Port}
            """);
        await SendsTimeOutAsync(daemon, ears, TimeSpan.FromSeconds(1));
    }

    private static async Task SendsTimeOutAsync(RunningDaemon daemon, ReadingPeer ears, TimeSpan sendTimeout)
    {
        await daemon.WaitForConnectedAsync("deaf");
        await daemon.WaitForConnectedAsync("ears");

        // What a send costs on this machine (the CLI's start included), to tell a prompt refusal from a timeout.
        var clock = Stopwatch.StartNew();
        (int code, _, string stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "ears", "warm-up");
        Assert.True(code == 0, stderr);
        TimeSpan baseline = clock.Elapsed;
        await ears.WaitForAsync("warm-up");

        // The kernel takes a few MiB into the two socket buffers; the send after that cannot complete while the peer
        // does not read. Before sends timed out, that one hung (and with it every later send to the console).
        string mebibyte = new('a', 1 << 20);
        string? refusal = null;
        for (int i = 0; i < 24 && refusal is null; i++)
        {
            using var hung = new CancellationTokenSource(sendTimeout + TimeSpan.FromSeconds(30));
            clock.Restart();
            HttpResponseMessage response;
            try
            {
                response = await daemon.Http.PostAsJsonAsync("/api/consoles/deaf/send", new { text = mebibyte }, hung.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"send {i + 1} of 1 MiB to a console that does not read hung for {clock.Elapsed} instead of timing out");
                throw;
            }
            using (response)
            {
                string body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    refusal = body;
                    Assert.True(clock.Elapsed >= sendTimeout - TimeSpan.FromMilliseconds(100), $"refused after {clock.Elapsed}, before the send timeout {sendTimeout}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, body);
                }
            }
        }
        Assert.NotNull(refusal);
        Assert.Contains("console deaf is not reading its input (since ", refusal, StringComparison.Ordinal);
        Assert.Contains("part of the text may have been sent", refusal, StringComparison.Ordinal);

        // The stuck write still holds the console: the next send is refused at once, not after another timeout.
        clock.Restart();
        (code, _, stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "deaf", "x");
        Assert.Equal(2, code);
        Assert.Contains("console deaf is not reading its input (since ", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing of this send was written", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < baseline + TimeSpan.FromSeconds(2.5), $"the second send took {clock.Elapsed}, a send to a reading console {baseline}");

        (code, _, stderr) = await daemon.CliAsync(TimeSpan.FromSeconds(60), "send", "ears", "still-works");
        Assert.True(code == 0, stderr);
        await ears.WaitForAsync("still-works");
    }

    /// <summary>A console server that accepts and never reads, with a tiny receive window.</summary>
    private sealed class DeafPeer : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();

        public DeafPeer()
        {
            // Set before Listen: accepted sockets inherit it, and the window is agreed in the handshake.
            _listener.ReceiveBufferSize = 4096;
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        /// <summary>Sends to the console's connection (the console's output).</summary>
        public async Task SendAsync(byte[] bytes)
        {
            Socket socket;
            lock (_accepted)
            {
                socket = _accepted[^1];
            }
            await socket.SendAsync(bytes);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    Socket socket = await _listener.AcceptAsync(_stop.Token);
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
            _stop.Dispose();
        }
    }

    /// <summary>A console server that reads everything it is sent.</summary>
    private sealed class ReadingPeer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly StringBuilder _received = new();
        private readonly CancellationTokenSource _stop = new();

        public ReadingPeer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async Task WaitForAsync(string text)
        {
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                lock (_received)
                {
                    if (_received.ToString().Contains(text, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                Assert.True(DateTime.UtcNow < deadline, $"the peer did not receive {text}");
                await Task.Delay(50);
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
                    _ = ReadAsync(socket);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ReadAsync(Socket socket)
        {
            using (socket)
            {
                byte[] buffer = new byte[8192];
                try
                {
                    int n;
                    while ((n = await socket.ReceiveAsync(buffer, _stop.Token)) > 0)
                    {
                        lock (_received)
                        {
                            _received.Append(Encoding.Latin1.GetString(buffer, 0, n));
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
