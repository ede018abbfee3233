namespace SolWatch.ConsoleCapture.Collectors.Serial;

/// <summary>Flow control of a serial line.</summary>
public enum SerialFlowControl
{
    /// <summary>None (the usual for a server console).</summary>
    None,

    /// <summary>Hardware flow control (RTS/CTS lines).</summary>
    RtsCts,

    /// <summary>Software flow control (XON/XOFF bytes).</summary>
    XonXoff,
}
