namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>Talking to a kdump host failed; <see cref="Retry"/> says whether trying again later may help.</summary>
public sealed class KdumpHostException : Exception
{
    /// <summary>A failure with its message (which says what to check) and whether a later attempt may succeed.</summary>
    public KdumpHostException(string message, bool retry, Exception? innerException = null) : base(message, innerException) => Retry = retry;

    /// <summary>Required by CA1032.</summary>
    public KdumpHostException() : base("kdump host failure") { }

    /// <summary>Required by CA1032.</summary>
    public KdumpHostException(string message) : base(message) { }

    /// <summary>Required by CA1032.</summary>
    public KdumpHostException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>
    /// True when the host may simply not be back yet (refused, timed out, reset); false when waiting cannot help
    /// (host key mismatch, no pinned key, login refused, no such file).
    /// </summary>
    public bool Retry { get; }
}
