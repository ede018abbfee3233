using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>Sessions and one-time links against a clock the test moves (a hand-written TimeProvider).</summary>
public sealed class SessionStoreTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    [Fact]
    public void A_session_is_found_by_its_cookie_value_while_used_and_ends_after_idling_or_logout()
    {
        var store = new SessionStore(_clock);
        WebSession s = store.Create("ann", WebRole.Viewer);

        Assert.NotEqual(s.Id, s.Csrf);
        _clock.Now += SessionStore.IdleLimit - TimeSpan.FromMinutes(1);
        Assert.Equal(s, store.Find(s.Id));
        _clock.Now += SessionStore.IdleLimit - TimeSpan.FromMinutes(1);
        Assert.Equal(s, store.Find(s.Id));
        _clock.Now += SessionStore.IdleLimit + TimeSpan.FromMinutes(1);
        Assert.Null(store.Find(s.Id));

        WebSession t = store.Create("bob", WebRole.Admin);
        store.End(t.Id);
        Assert.Null(store.Find(t.Id));
        Assert.Null(store.Find(null));
        Assert.Null(store.Find("forged"));
    }

    [Fact]
    public void Sessions_whose_cookie_never_comes_back_do_not_pile_up()
    {
        var store = new SessionStore(_clock);
        WebSession kept = store.Create("ann", WebRole.Admin);
        for (int i = 0; i < 3 * SessionStore.MaxPerUser; i++)
        {
            _clock.Now += TimeSpan.FromSeconds(1);
            store.Create("proxied", WebRole.Viewer);
        }
        Assert.Equal(SessionStore.MaxPerUser, store.All().Count(s => s.User == "proxied"));
        Assert.Equal(kept, store.All().Single(s => s.User == "ann"));

        _clock.Now += SessionStore.IdleLimit + TimeSpan.FromMinutes(1);
        WebSession fresh = store.Create("bob", WebRole.Operator);
        Assert.Equal([fresh], store.All());
    }

    [Fact]
    public void No_session_outlives_its_age_limit_however_much_it_is_used()
    {
        var store = new SessionStore(_clock);
        WebSession s = store.Create("ann", WebRole.Viewer);
        for (TimeSpan used = TimeSpan.Zero; used < SessionStore.AgeLimit; used += TimeSpan.FromHours(1))
        {
            Assert.NotNull(store.Find(s.Id));
            _clock.Now += TimeSpan.FromHours(1);
        }
        _clock.Now += TimeSpan.FromMinutes(1);
        Assert.Null(store.Find(s.Id));
    }

    [Fact]
    public void A_login_link_works_once_and_not_after_it_expired()
    {
        var links = new LoginLinks(_clock);
        string once = links.Issue("local:ann");
        string late = links.Issue("local:ann");

        Assert.Equal("local:ann", links.Redeem(once));
        Assert.Null(links.Redeem(once));
        _clock.Now += LoginLinks.Lifetime + TimeSpan.FromSeconds(1);
        Assert.Null(links.Redeem(late));
    }

    [Fact]
    public void Roles_are_ordered_viewer_operator_admin()
    {
        WebSession op = new SessionStore(_clock).Create("bob", WebRole.Operator);
        Assert.True(op.May(WebRole.Viewer));
        Assert.True(op.May(WebRole.Operator));
        Assert.False(op.May(WebRole.Admin));
    }
}
