namespace SolWatch.ConsoleCapture.Cli;

/// <summary>A CLI verb cannot do what was asked; the message (printed on stderr) says what to do.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
