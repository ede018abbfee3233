using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>The conserver-like write lock: one writer per console, force takes over, the holder's session only.</summary>
public sealed class WriteLocksTests
{
    private readonly SessionStore _sessions = new(TimeProvider.System);
    private readonly WriteLocks _locks = new();

    [Fact]
    public void The_first_operator_gets_the_lock_and_a_second_is_refused_with_the_holder_named()
    {
        WebSession ann = _sessions.Create("ann", WebRole.Operator);
        WebSession bob = _sessions.Create("bob", WebRole.Operator);

        Assert.True(_locks.Acquire("db1", ann, force: false).Granted);
        WriteLockResult refused = _locks.Acquire("db1", bob, force: false);

        Assert.False(refused.Granted);
        Assert.Equal("ann", refused.Holder!.User);
        Assert.True(_locks.Holds("db1", ann));
        Assert.False(_locks.Holds("db1", bob));
        Assert.True(_locks.Acquire("db2", bob, force: false).Granted);
    }

    [Fact]
    public void Force_takes_the_lock_over_and_says_from_whom_and_the_old_holder_is_told()
    {
        WebSession ann = _sessions.Create("ann", WebRole.Operator);
        WebSession bob = _sessions.Create("bob", WebRole.Operator);
        var changes = new List<(string, string?)>();
        _locks.Changed += (console, holder) => changes.Add((console, holder?.User));
        _locks.Acquire("db1", ann, force: false);

        WriteLockResult forced = _locks.Acquire("db1", bob, force: true);

        Assert.True(forced.Granted);
        Assert.Equal("ann", forced.TakenFrom!.User);
        Assert.False(_locks.Holds("db1", ann));
        Assert.False(_locks.Release("db1", ann));
        Assert.Equal([("db1", "ann"), ("db1", "bob")], changes);
    }

    [Fact]
    public void The_same_user_in_another_session_does_not_hold_the_lock()
    {
        WebSession first = _sessions.Create("ann", WebRole.Operator);
        WebSession second = _sessions.Create("ann", WebRole.Operator);
        _locks.Acquire("db1", first, force: false);

        Assert.False(_locks.Holds("db1", second));
        Assert.False(_locks.Acquire("db1", second, force: false).Granted);
    }

    [Fact]
    public void Release_and_logout_free_the_lock_and_an_admin_may_release_anyones()
    {
        WebSession ann = _sessions.Create("ann", WebRole.Operator);
        WebSession root = _sessions.Create("root", WebRole.Admin);
        _locks.Acquire("db1", ann, force: false);
        _locks.Acquire("db2", ann, force: false);

        Assert.False(_locks.Release("db1", root));
        Assert.True(_locks.Release("db1", root, anyone: true));
        _locks.ReleaseAll(ann.Id);

        Assert.Empty(_locks.All());
    }
}
