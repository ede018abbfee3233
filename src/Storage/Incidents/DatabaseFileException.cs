namespace SolWatch.Storage.Incidents;

/// <summary>
/// The file at the database path is not one the store may open: not a SolWatch database (never overwritten), or a
/// SolWatch database too damaged to open. The message names the file and what to do.
/// </summary>
public sealed class DatabaseFileException : StoreUnavailableException
{
    /// <summary>Creates the exception with a message for the operator.</summary>
    public DatabaseFileException()
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    /// <param name="message">Which file, what is wrong with it and what to do.</param>
    public DatabaseFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and its cause.</summary>
    /// <param name="message">Which file, what is wrong with it and what to do.</param>
    /// <param name="innerException">LiteDB's error.</param>
    public DatabaseFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
