using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

public class StreamLimitsTests
{
    [Fact]
    public void One_user_logged_in_many_times_cannot_take_every_stream_and_another_user_still_gets_one()
    {
        var limits = new StreamLimits();
        var slots = new List<IDisposable>();
        // 16 sessions of one user, each asking for all it may have.
        for (int session = 0; session < StreamLimits.Total / StreamLimits.PerSession; session++)
        {
            for (int i = 0; i < StreamLimits.PerSession; i++)
            {
                if (limits.TryOpen($"s{session}", "mallory") is { } slot)
                {
                    slots.Add(slot);
                }
            }
        }

        Assert.Equal(StreamLimits.PerUser, slots.Count);
        Assert.NotNull(limits.TryOpen("other", "alice"));
    }

    [Fact]
    public void A_closed_stream_gives_its_slot_back_to_its_session_and_its_user()
    {
        var limits = new StreamLimits();
        var slots = Enumerable.Range(0, StreamLimits.PerSession).Select(_ => limits.TryOpen("s", "bob")!).ToList();
        Assert.Null(limits.TryOpen("s", "bob"));

        slots[0].Dispose();
        slots[0].Dispose(); // twice: given back once

        Assert.NotNull(limits.TryOpen("s", "bob"));
        Assert.Null(limits.TryOpen("s", "bob"));
        Assert.Equal(StreamLimits.PerSession, limits.Open);
    }
}
