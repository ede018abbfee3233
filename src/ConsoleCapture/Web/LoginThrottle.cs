using System.Collections.Concurrent;
using System.Net;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Bounds password guessing on the login form: an address (an IPv6 one by its /64: <see cref="Source"/>) with
/// <see cref="MaxFailures"/> failed logins within <see cref="Window"/> is refused until the oldest of them is that old, before any password is checked; and at most
/// <see cref="MaxConcurrentChecks"/> passwords are checked at once, whoever asks.
/// </summary>
/// <remarks>
/// Why both: a password check is PBKDF2 with 100,000 rounds of HMAC-SHA512 (tens of milliseconds of CPU), so the form
/// beyond loopback is also a way to burn the daemon's CPU, which captures the consoles; the per-address count stops one
/// guesser, the concurrency bound caps what many addresses can take together. The table holds at most
/// <see cref="MaxAddresses"/> addresses (the oldest dropped first), so spoofed or many sources cannot grow it.
/// </remarks>
#pragma warning disable CA1001 // _checks lives as long as the daemon's dashboard; a SemaphoreSlim whose wait handle is never asked for holds nothing to release
public sealed class LoginThrottle(TimeProvider clock)
#pragma warning restore CA1001
{
    /// <summary>Failed logins an address may make within <see cref="Window"/>.</summary>
    public const int MaxFailures = 5;

    /// <summary>Password checks running at once, at most.</summary>
    public const int MaxConcurrentChecks = 2;

    /// <summary>Addresses remembered at most.</summary>
    public const int MaxAddresses = 4096;

    /// <summary>How long a failure counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<IPAddress, Queue<DateTimeOffset>> _failures = new();
    private readonly SemaphoreSlim _checks = new(MaxConcurrentChecks, MaxConcurrentChecks);

    /// <summary>How long <paramref name="address"/> must wait before it may try again; zero when it may now.</summary>
    public TimeSpan WaitFor(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(Source(address), out Queue<DateTimeOffset>? times))
        {
            return TimeSpan.Zero;
        }
        DateTimeOffset now = clock.GetUtcNow();
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }
            return times.Count < MaxFailures ? TimeSpan.Zero : times.Peek() + Window - now;
        }
    }

    /// <summary>Counts a failed login from <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        DateTimeOffset now = clock.GetUtcNow();
        Queue<DateTimeOffset> times = Times(address, now);
        lock (times)
        {
            times.Enqueue(now);
            while (times.Count > MaxFailures)
            {
                times.Dequeue();
            }
        }
    }

    /// <summary>
    /// Starts a login from <paramref name="address"/>: zero when it may try now, and the attempt is then counted as a
    /// failure (at <paramref name="attempt"/>) until <see cref="Succeeded"/> takes it back; otherwise how long to wait.
    /// </summary>
    /// <remarks>
    /// Why count before the check: the password check takes tens of milliseconds and may queue behind others, so
    /// attempts sent at once all passed <see cref="WaitFor"/> before the first failure was counted (one address got 9
    /// checks in a burst where 5 are allowed). Counting and deciding under one lock makes the fifth the last.
    /// </remarks>
    public TimeSpan Begin(IPAddress? address, out DateTimeOffset attempt)
    {
        DateTimeOffset now = attempt = clock.GetUtcNow();
        if (address is null)
        {
            return TimeSpan.Zero;
        }
        Queue<DateTimeOffset> times = Times(address, now);
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }
            if (times.Count >= MaxFailures)
            {
                return times.Peek() + Window - now;
            }
            times.Enqueue(now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Takes back the attempt <see cref="Begin"/> counted, its password being right. Only that one: a successful login
    /// does not forget the address's failures, or a guesser with an account of its own could clear them between guesses.
    /// </summary>
    public void Succeeded(IPAddress? address, DateTimeOffset attempt)
    {
        if (address is null || !_failures.TryGetValue(Source(address), out Queue<DateTimeOffset>? times))
        {
            return;
        }
        lock (times)
        {
            bool removed = false;
            DateTimeOffset[] kept = [.. times.Where(t => removed || !(removed = t == attempt))];
            times.Clear();
            foreach (DateTimeOffset t in kept)
            {
                times.Enqueue(t);
            }
        }
    }

    // The address's failure times (the table kept within MaxAddresses).
    private Queue<DateTimeOffset> Times(IPAddress address, DateTimeOffset now)
    {
        address = Source(address);
        if (_failures.Count >= MaxAddresses && !_failures.ContainsKey(address))
        {
            Forget(now);
        }
        return _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
    }

    /// <summary>
    /// Whom failures are counted for: an IPv4 address (also when it comes IPv4-mapped), an IPv6 address's /64. One host
    /// or subscriber gets a whole /64 and picks any address in it (privacy addresses, RFC 8981), so counting IPv6 per
    /// address would give a guesser 2^64 fresh starts.
    /// </summary>
    public static IPAddress Source(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }
        byte[] bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    /// <summary>Runs a password check when a slot is free (see <see cref="MaxConcurrentChecks"/>).</summary>
    public async Task<bool> CheckAsync(Func<bool> check, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(check);
        await _checks.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return check();
        }
        finally
        {
            _checks.Release();
        }
    }

    // Drops the addresses whose failures have all expired; if none has, the one whose last failure is oldest.
    private void Forget(DateTimeOffset now)
    {
        IPAddress? oldest = null;
        DateTimeOffset oldestAt = DateTimeOffset.MaxValue;
        foreach ((IPAddress address, Queue<DateTimeOffset> times) in _failures)
        {
            DateTimeOffset last;
            lock (times)
            {
                last = times.Count == 0 ? DateTimeOffset.MinValue : times.Last();
            }
            if (now - last >= Window)
            {
                _failures.TryRemove(address, out _);
            }
            else if (last < oldestAt)
            {
                (oldest, oldestAt) = (address, last);
            }
        }
        if (_failures.Count >= MaxAddresses && oldest is not null)
        {
            _failures.TryRemove(oldest, out _);
        }
    }
}
