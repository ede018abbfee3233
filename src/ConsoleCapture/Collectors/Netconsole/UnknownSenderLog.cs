using System.Net;
using Microsoft.Extensions.Logging;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// Logs datagrams from addresses no console is configured for, in bounded memory and at a bounded rate. A new
/// address is warned about once (with the config line that would make it a console) while it stays among the
/// <see cref="WarnedCapacity"/> most recently warned; at most <see cref="WarningsPerInterval"/> such warnings per
/// interval. Past that, datagrams are only counted, with their distinct sources (up to <see cref="DistinctCap"/>),
/// and one summary line per interval says how many. A million spoofed source addresses thus cost a few hundred
/// KiB and a line a minute, not a million log lines and a million remembered addresses. Thread-safe.
/// </summary>
internal sealed class UnknownSenderLog(ILogger log, string endpoint)
{
    /// <summary>Addresses remembered as already warned about (least recently seen forgotten first).</summary>
    public const int WarnedCapacity = 1024;

    /// <summary>Warnings about individual new addresses per interval.</summary>
    public const int WarningsPerInterval = 10;

    /// <summary>Distinct suppressed sources counted per interval; the summary says "at least" past it.</summary>
    public const int DistinctCap = 16384;

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, LinkedListNode<IPAddress>> _warned = [];
    private readonly LinkedList<IPAddress> _recency = new();
    private readonly HashSet<IPAddress> _distinct = [];
    private int _warnedThisInterval;
    private long _suppressed;

    /// <summary>Addresses remembered as warned about now (bounded by <see cref="WarnedCapacity"/>).</summary>
    public int Remembered
    {
        get
        {
            lock (_gate)
            {
                return _warned.Count;
            }
        }
    }

    /// <summary>One datagram from <paramref name="sender"/>, which no console is configured for.</summary>
    public void Seen(IPAddress sender)
    {
        lock (_gate)
        {
            if (_warned.TryGetValue(sender, out LinkedListNode<IPAddress>? node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return;
            }
            if (_warnedThisInterval >= WarningsPerInterval)
            {
                _suppressed++;
                if (_distinct.Count < DistinctCap)
                {
                    _distinct.Add(sender);
                }
                return;
            }
            _warnedThisInterval++;
            if (_warned.Count >= WarnedCapacity)
            {
                LinkedListNode<IPAddress> oldest = _recency.Last!;
                _recency.RemoveLast();
                _warned.Remove(oldest.Value);
            }
            _warned[sender] = _recency.AddFirst(sender);
        }
        log.LogWarning("Netconsole datagrams from {Sender} on udp {Endpoint} belong to no configured console (add one with sender: {Sender})",
            sender, endpoint, sender);
    }

    /// <summary>Ends an interval of <paramref name="interval"/>: logs one summary of what was not warned about, if anything.</summary>
    public void EndInterval(TimeSpan interval)
    {
        long suppressed;
        int distinct;
        lock (_gate)
        {
            suppressed = _suppressed;
            distinct = _distinct.Count;
            _suppressed = 0;
            _warnedThisInterval = 0;
            _distinct.Clear();
            _distinct.TrimExcess();
        }
        if (suppressed > 0)
        {
            log.LogWarning("Netconsole on udp {Endpoint}: dropped {Datagrams} datagrams from {Distinct}{More} distinct unknown senders in the last {Seconds:0} s without a warning each; if they are your machines, add consoles with their sender address, else firewall the port",
                endpoint, suppressed, distinct, distinct >= DistinctCap ? " or more" : "", interval.TotalSeconds);
        }
    }
}
