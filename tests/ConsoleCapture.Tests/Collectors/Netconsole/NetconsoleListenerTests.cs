using System.Net;
using System.Net.Sockets;
using System.Text;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Collectors.Netconsole;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

/// <summary>Real UDP on loopback: senders bound to distinct 127.0.0.x addresses stand for distinct machines.</summary>
public class NetconsoleListenerTests
{
    private static async Task SendAsync(IPAddress from, int port, params string[] datagrams)
    {
        using var client = new UdpClient(new IPEndPoint(from, 0));
        foreach (string d in datagrams)
        {
            await client.SendAsync(Encoding.Latin1.GetBytes(d), new IPEndPoint(IPAddress.Loopback, port));
            await Task.Delay(2); // keep the order on a loaded machine; loopback does not reorder, but be kind to the buffer
        }
    }

    [Fact]
    public async Task Each_sender_address_is_its_own_console_and_unknown_senders_are_reported()
    {
        int port = FreePorts.Udp();
        var unknown = new List<string>();
        var listener = new NetconsoleListener(
            new NetconsoleListenerOptions(IPAddress.Loopback, port),
            (from, datagram) => { lock (unknown) { unknown.Add($"{from.Address} {Encoding.ASCII.GetString(datagram)}"); } });
        IPAddress hostA = IPAddress.Parse("127.0.0.21"), hostB = IPAddress.Parse("127.0.0.22");
        IConsoleCollector a = listener.CollectorFor(hostA), b = listener.CollectorFor(hostB);
        Assert.Throws<ArgumentException>(() => listener.CollectorFor(hostA));
        using var cts = new CancellationTokenSource();
        Task listening = listener.RunAsync(cts.Token);
        var sinkA = new RecordingSink();
        var sinkB = new RecordingSink();
        var supervisorA = new ConsoleSupervisor(a, sinkA, new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), _ => { });
        var supervisorB = new ConsoleSupervisor(b, sinkB, new SupervisorOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)), _ => { });
        Task runA = supervisorA.RunAsync(cts.Token), runB = supervisorB.RunAsync(cts.Token);
        await sinkA.WaitUntilAsync(s => s.Connects.Count == 1, "console A to attach");
        await sinkB.WaitUntilAsync(s => s.Connects.Count == 1, "console B to attach");

        // A: plain netconsole. B: extended, with a fragmented message and three lost records.
        await SendAsync(hostA, port, "[   10.000001] plain line one\n", "[   10.000002] Kernel panic - not syncing: sysrq triggered crash\n");
        await SendAsync(hostB, port,
            "6,100,20000000,-;extended first\n",
            "0,101,20000001,-,ncfrag=0/38;Kernel panic - not syncing: ",
            "0,101,20000001,-,ncfrag=28/38;Fatal exc\n",
            "4,105,20000002,-;after the hole\n");
        await SendAsync(IPAddress.Parse("127.0.0.23"), port, "stranger\n");

        await sinkA.WaitForTextAsync("sysrq triggered crash\n");
        await sinkB.WaitForTextAsync("after the hole\n");
        await WaitForAsync(() => { lock (unknown) { return unknown.Count == 1; } });

        Assert.Equal("[   10.000001] plain line one\n[   10.000002] Kernel panic - not syncing: sysrq triggered crash\n", sinkA.Text);
        Assert.Equal(
            "[   20.000000] extended first\n" +
            "[   20.000001] Kernel panic - not syncing: Fatal exc\n" +
            "[solwatch: netconsole lost 3 messages (seq 102..104)]\n" +
            "[   20.000002] after the hole\n",
            sinkB.Text);
        lock (unknown)
        {
            Assert.Equal("127.0.0.23 stranger\n", Assert.Single(unknown));
        }

        await cts.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_console_cannot_attach_while_its_listener_is_not_listening()
    {
        var listener = new NetconsoleListener(new NetconsoleListenerOptions(IPAddress.Loopback, FreePorts.Udp()));
        IConsoleCollector collector = listener.CollectorFor(IPAddress.Loopback);

        var ex = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None));
        Assert.Contains("not listening", ex.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
