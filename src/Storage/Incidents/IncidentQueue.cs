namespace SolWatch.Storage.Incidents;

/// <summary>
/// The writer's bounded queue (one reader: the writer). A Channel cannot take an item back out, and a full queue
/// must make room for a panicked report (the crash that took a machine down is the one report that must not be lost)
/// by dropping the oldest queued report that did not panic; so this is a small lock-protected list instead.
/// </summary>
internal sealed class IncidentQueue(int capacity)
{
    private readonly LinkedList<PendingIncident> _items = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiter;
    private bool _completed;

    /// <summary>Result of <see cref="TryEnqueue"/>.</summary>
    public enum Outcome
    {
        Queued,
        QueuedDisplacingOne,
        Full,
        Completed,
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Queues the incident; when the queue is full, a panicked one displaces the oldest one that did not panic.</summary>
    public Outcome TryEnqueue(PendingIncident pending, out PendingIncident? displaced)
    {
        displaced = null;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_completed)
            {
                return Outcome.Completed;
            }

            if (_items.Count >= capacity)
            {
                if (!pending.Panicked)
                {
                    return Outcome.Full;
                }

                var victim = _items.First;
                while (victim is not null && victim.Value.Panicked)
                {
                    victim = victim.Next;
                }

                if (victim is null)
                {
                    return Outcome.Full; // every queued report panicked: none may be dropped for another
                }

                displaced = victim.Value;
                _items.Remove(victim);
            }

            _items.AddLast(pending);
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
        return displaced is null ? Outcome.Queued : Outcome.QueuedDisplacingOne;
    }

    /// <summary>Moves up to <paramref name="max"/> queued incidents, oldest first, into the batch.</summary>
    public void DrainTo(List<PendingIncident> batch, int max)
    {
        lock (_lock)
        {
            while (batch.Count < max && _items.First is { } first)
            {
                batch.Add(first.Value);
                _items.RemoveFirst();
            }
        }
    }

    /// <summary>Waits until an incident is queued (true) or the queue is completed and empty (false).</summary>
    public async Task<bool> WaitToReadAsync()
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_items.Count > 0)
                {
                    return true;
                }

                if (_completed)
                {
                    return false;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>No more incidents; the reader drains what is queued.</summary>
    public void Complete()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _completed = true;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }
}
