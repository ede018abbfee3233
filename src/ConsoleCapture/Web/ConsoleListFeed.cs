using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The <c>consoles</c> event of <c>/web/events</c>, built once and shared by every open page: every console's row
/// (<see cref="ConsoleRow"/>) from what the pipeline keeps in memory (status, counters, last line), serialized once
/// into the event's bytes. Pages ask for it on common tick boundaries, so one build serves all the pages of a tick;
/// a list equal to the previous one keeps its version and is not sent again.
/// </summary>
internal sealed class ConsoleListFeed
{
    /// <summary>How often a page gets the list while counters move.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>How soon a page gets the list after a state change (state changes of many consoles share one list).</summary>
    public static readonly TimeSpan StateTick = TimeSpan.FromMilliseconds(100);

    private readonly SharedSnapshot<ConsoleList> _lists;

    public ConsoleListFeed(WebDashboard web) => _lists = new(previous => Build(web, previous));

    /// <summary>A list built at or after <paramref name="notBefore"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public ValueTask<ConsoleList> GetAsync(long notBefore, CancellationToken ct) => _lists.GetAsync(notBefore, ct);

    /// <summary>The first boundary of <paramref name="every"/> after <paramref name="now"/> (<see cref="Stopwatch"/> timestamps), common to all pages.</summary>
    public static long NextBoundary(long now, TimeSpan every)
    {
        long period = (long)(every.TotalSeconds * Stopwatch.Frequency);
        return ((now / period) + 1) * period;
    }

    private static ConsoleList Build(WebDashboard web, ConsoleList? previous)
    {
        List<ConsoleRow> rows = [.. web.Pipeline.Sessions.Values.Select(s =>
            ConsoleRow.Of(web.Pipeline.StatusOf(s), s.LastLine, WriteRoutes.WhyNotWritable(web, s.Name) is null))];
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(rows, ApiJson.Options);
        byte[] head = "event: consoles\ndata: "u8.ToArray();
        byte[] frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame, head.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return previous is not null && previous.Event.AsSpan().SequenceEqual(frame)
            ? previous
            : new ConsoleList((previous?.Version ?? 0) + 1, frame);
    }
}

/// <summary>One console list as sent: its version (a new one only when the list changed) and the whole event's bytes.</summary>
/// <param name="Version">1 for the first list, one more at each change.</param>
/// <param name="Event">The server-sent event (<c>event: consoles</c>, the rows as JSON, the blank line), UTF-8.</param>
internal sealed record ConsoleList(long Version, byte[] Event)
{
    /// <summary>The event as text (tests).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Event);
}
