namespace SolWatch.Storage.Incidents;

/// <summary>The database file cannot be opened by this process, typically because a running daemon holds it.</summary>
public class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a message for the operator.</summary>
    public StoreUnavailableException()
        : base("The incident database is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    /// <param name="message">What happened and what to do.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and its cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The I/O error behind it.</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
