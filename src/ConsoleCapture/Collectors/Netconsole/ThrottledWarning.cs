namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// A warning that may be logged a few times per interval; past that, occurrences are only counted, and the count
/// is logged once when the interval ends (<see cref="TakeSuppressed"/>). A flood of bad datagrams then costs a
/// few log lines a minute, not one line per datagram. Thread-safe.
/// </summary>
internal sealed class ThrottledWarning(int perInterval)
{
    private readonly Lock _gate = new();
    private int _logged;
    private long _suppressed;

    /// <summary>Counts one occurrence; true when it should be logged in full.</summary>
    public bool Occurred()
    {
        lock (_gate)
        {
            if (_logged < perInterval)
            {
                _logged++;
                return true;
            }
            _suppressed++;
            return false;
        }
    }

    /// <summary>Ends the interval: the occurrences not logged since the last call (0 when none).</summary>
    public long TakeSuppressed()
    {
        lock (_gate)
        {
            long n = _suppressed;
            _suppressed = 0;
            _logged = 0;
            return n;
        }
    }
}
