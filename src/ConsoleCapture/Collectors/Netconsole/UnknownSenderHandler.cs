using System.Net;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// Called (on the listener's receive loop; must not block) for a datagram from an address that no console is
/// configured for, so the daemon can log it (rate-limited) or offer to add the console.
/// </summary>
/// <param name="sender">Source address and port.</param>
/// <param name="datagram">The datagram; valid only during the call.</param>
public delegate void UnknownSenderHandler(IPEndPoint sender, ReadOnlySpan<byte> datagram);
