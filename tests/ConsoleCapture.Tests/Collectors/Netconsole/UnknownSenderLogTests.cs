using System.Net;
using SolWatch.ConsoleCapture.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

public class UnknownSenderLogTests
{
    private static IPAddress Address(int i) => new([127, 20, (byte)(i >> 8), (byte)(i & 0xFF)]);

    [Fact]
    public void However_many_senders_come_only_the_most_recently_warned_are_remembered()
    {
        var log = new RecordingLogger();
        var unknown = new UnknownSenderLog(log, "127.0.0.1:6666");
        for (int i = 0; i < 50_000; i++)
        {
            unknown.Seen(Address(i));
            if (i % UnknownSenderLog.WarningsPerInterval == UnknownSenderLog.WarningsPerInterval - 1)
            {
                unknown.EndInterval(TimeSpan.FromMinutes(1)); // every address gets its warning: the worst case for memory
            }
        }

        Assert.Equal(UnknownSenderLog.WarnedCapacity, unknown.Remembered);
        Assert.Equal(50_000, log.Lines.Count);
    }

    [Fact]
    public void A_remembered_sender_is_not_warned_about_again_and_the_least_recently_seen_is_forgotten_first()
    {
        var log = new RecordingLogger();
        var unknown = new UnknownSenderLog(log, "127.0.0.1:6666");
        for (int i = 0; i < UnknownSenderLog.WarnedCapacity; i++)
        {
            unknown.Seen(Address(i));
            unknown.EndInterval(TimeSpan.FromMinutes(1));
        }
        unknown.Seen(Address(0)); // seen again: now the most recent, and no new warning
        Assert.Equal(UnknownSenderLog.WarnedCapacity, log.Lines.Count);

        unknown.Seen(Address(UnknownSenderLog.WarnedCapacity)); // a new one pushes out address 1, not 0
        unknown.Seen(Address(0));
        unknown.Seen(Address(1));

        Assert.Equal(UnknownSenderLog.WarnedCapacity + 2, log.Lines.Count);
        Assert.Contains("127.20.0.1 ", log.Lines[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_warnings_of_an_interval_one_summary_counts_the_datagrams_and_distinct_senders()
    {
        var log = new RecordingLogger();
        var unknown = new UnknownSenderLog(log, "127.0.0.1:6666");
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                unknown.Seen(Address(i));
            }
        }
        unknown.EndInterval(TimeSpan.FromSeconds(60));
        unknown.EndInterval(TimeSpan.FromSeconds(60)); // nothing more: no second summary

        Assert.Equal(UnknownSenderLog.WarningsPerInterval + 1, log.Lines.Count);
        Assert.Contains("dropped 270 datagrams from 90 distinct unknown senders in the last 60 s", log.Lines[^1].Message, StringComparison.Ordinal);
    }
}
