using System.Collections.Concurrent;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// conserver's write lock, per console: one writer types, everyone else watches; taking it from its holder needs
/// "force" (and the holder sees it go). Held by a session, so a logout or a new login of the same user does not type
/// as someone else.
/// </summary>
public sealed class WriteLocks
{
    private readonly ConcurrentDictionary<string, WriteLockHolder> _holders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Raised after a console's holder changed (console, new holder or null).</summary>
    public event Action<string, WriteLockHolder?>? Changed;

    /// <summary>The holder of <paramref name="console"/>'s lock, or null.</summary>
    public WriteLockHolder? Holder(string console) => _holders.GetValueOrDefault(console);

    /// <summary>Every held lock.</summary>
    public IReadOnlyDictionary<string, WriteLockHolder> All() => _holders.ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Takes the lock for <paramref name="session"/>: granted when free or already its own, or with
    /// <paramref name="force"/> from another holder (who is returned as <see cref="WriteLockResult.TakenFrom"/>).
    /// </summary>
    public WriteLockResult Acquire(string console, WebSession session, bool force)
    {
        WriteLockHolder? previous;
        lock (_gate)
        {
            previous = Holder(console);
            if (previous is not null && previous.SessionId != session.Id && !force)
            {
                return new WriteLockResult(false, previous, null);
            }
            if (previous?.SessionId == session.Id)
            {
                return new WriteLockResult(true, previous, null);
            }
            _holders[console] = new WriteLockHolder(session.Id, session.User, DateTimeOffset.UtcNow);
        }
        Changed?.Invoke(console, _holders[console]);
        return new WriteLockResult(true, _holders[console], previous);
    }

    /// <summary>Whether <paramref name="session"/> holds <paramref name="console"/>'s lock.</summary>
    public bool Holds(string console, WebSession session) => Holder(console)?.SessionId == session.Id;

    /// <summary>Lets go of the lock if <paramref name="session"/> holds it (or, with <paramref name="anyone"/>, whoever does).</summary>
    public bool Release(string console, WebSession session, bool anyone = false)
    {
        lock (_gate)
        {
            if (Holder(console) is not { } holder || (!anyone && holder.SessionId != session.Id))
            {
                return false;
            }
            _holders.TryRemove(console, out _);
        }
        Changed?.Invoke(console, null);
        return true;
    }

    /// <summary>Lets go of every lock of a session that ended.</summary>
    public void ReleaseAll(string sessionId)
    {
        foreach (var (console, holder) in _holders)
        {
            if (holder.SessionId == sessionId && _holders.TryRemove(new KeyValuePair<string, WriteLockHolder>(console, holder)))
            {
                Changed?.Invoke(console, null);
            }
        }
    }
}

/// <summary>Who holds a console's write lock.</summary>
/// <param name="SessionId">The holding session (never shown to others).</param>
/// <param name="User">The holder's name, as others see it.</param>
/// <param name="Since">Since when.</param>
public sealed record WriteLockHolder(string SessionId, string User, DateTimeOffset Since);

/// <summary>The answer to <see cref="WriteLocks.Acquire"/>.</summary>
/// <param name="Granted">Whether the caller holds the lock now.</param>
/// <param name="Holder">The holder now (the caller when granted, the other one when not).</param>
/// <param name="TakenFrom">The holder the lock was forced from, or null.</param>
public sealed record WriteLockResult(bool Granted, WriteLockHolder? Holder, WriteLockHolder? TakenFrom);
