using System.Net;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>Failed-login limits against a clock the test moves (a hand-written TimeProvider).</summary>
public sealed class LoginThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.8");
    private readonly Clock _clock = new();

    [Fact]
    public void An_address_that_failed_five_times_waits_until_its_oldest_failure_is_five_minutes_old_and_others_do_not()
    {
        var throttle = new LoginThrottle(_clock);
        for (int i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.WaitFor(Guesser));
            throttle.Failed(Guesser);
            _clock.Now += TimeSpan.FromSeconds(10);
        }

        Assert.Equal(LoginThrottle.Window - TimeSpan.FromSeconds(50), throttle.WaitFor(Guesser));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor(Other));
        _clock.Now += LoginThrottle.Window - TimeSpan.FromSeconds(50);
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor(Guesser));
    }

    [Fact]
    public void Logins_sent_at_once_count_before_their_passwords_are_checked_so_the_fifth_is_the_last()
    {
        var throttle = new LoginThrottle(_clock);
        for (int i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Begin(Guesser, out _));
        }

        Assert.Equal(LoginThrottle.Window, throttle.Begin(Guesser, out _));
        Assert.Equal(TimeSpan.Zero, throttle.Begin(Other, out _));
    }

    [Fact]
    public void A_successful_login_takes_back_its_own_attempt_and_not_the_failures_before_it()
    {
        var throttle = new LoginThrottle(_clock);
        for (int i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Begin(Guesser, out _));
            _clock.Now += TimeSpan.FromSeconds(10);
        }
        Assert.Equal(TimeSpan.Zero, throttle.Begin(Guesser, out DateTimeOffset right));
        throttle.Succeeded(Guesser, right);

        Assert.Equal(TimeSpan.Zero, throttle.Begin(Guesser, out _));
        Assert.Equal(LoginThrottle.Window - TimeSpan.FromSeconds(40), throttle.Begin(Guesser, out _));
    }

    [Fact]
    public void Failures_from_one_ipv6_64_count_together_and_an_ipv4_mapped_address_counts_as_its_ipv4_address()
    {
        var throttle = new LoginThrottle(_clock);
        for (int i = 1; i <= LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Begin(IPAddress.Parse($"2001:db8:0:7::{i:x}"), out _));
        }

        Assert.NotEqual(TimeSpan.Zero, throttle.Begin(IPAddress.Parse("2001:db8:0:7:dead:beef:1:2"), out _));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor(IPAddress.Parse("2001:db8:0:8::1")));
        for (int i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            throttle.Failed(Guesser);
        }
        Assert.NotEqual(TimeSpan.Zero, throttle.WaitFor(Guesser.MapToIPv6()));
    }

    [Fact]
    public void The_table_of_addresses_stays_bounded_however_many_addresses_fail()
    {
        var throttle = new LoginThrottle(_clock);
        for (int i = 0; i < LoginThrottle.MaxAddresses + 100; i++)
        {
            var address = new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);
            for (int f = 0; f < LoginThrottle.MaxFailures; f++)
            {
                throttle.Failed(address);
            }
            _clock.Now += TimeSpan.FromMilliseconds(1);
        }

        // The newest addresses are still held back; the table never grew past its bound (the oldest went first).
        int last = LoginThrottle.MaxAddresses + 99;
        Assert.NotEqual(TimeSpan.Zero, throttle.WaitFor(new IPAddress([10, (byte)(last >> 16), (byte)(last >> 8), (byte)last])));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor(new IPAddress([10, 0, 0, 0])));
    }

    [Fact]
    public async Task No_more_than_two_password_checks_run_at_once()
    {
        var throttle = new LoginThrottle(_clock);
        int running = 0;
        int most = 0;
        using var release = new ManualResetEventSlim();
        bool Check()
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(5));
            Interlocked.Decrement(ref running);
            return true;
        }
        // Threads of their own: a check holds its thread (PBKDF2 is CPU work), so pool threads could be too few to show it.
        Task<bool>[] checks = [.. Enumerable.Range(0, 5).Select(_ => Task.Factory.StartNew(
            () => throttle.CheckAsync(Check, CancellationToken.None).GetAwaiter().GetResult(), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref running) < LoginThrottle.MaxConcurrentChecks && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await Task.Delay(200); // room for a third check to start, were it allowed
        Assert.Equal(LoginThrottle.MaxConcurrentChecks, Volatile.Read(ref running));
        release.Set();
        Assert.All(await Task.WhenAll(checks), Assert.True);
        Assert.Equal(LoginThrottle.MaxConcurrentChecks, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
