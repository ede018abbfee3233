namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>An IPMI/RMCP+ failure with a message an operator can act on (which BMC, what went wrong, what to do).</summary>
public class IpmiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IpmiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IpmiException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public IpmiException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>The BMC refused our credentials or we refused the BMC's proof (wrong password, unknown user).</summary>
public sealed class IpmiAuthenticationException : IpmiException
{
    /// <summary>Creates the exception.</summary>
    public IpmiAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IpmiAuthenticationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public IpmiAuthenticationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>An established session stopped working: the BMC went away, stopped answering, or another client took the console.</summary>
public sealed class IpmiSessionLostException : IpmiException
{
    /// <summary>Creates the exception.</summary>
    public IpmiSessionLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IpmiSessionLostException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public IpmiSessionLostException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
