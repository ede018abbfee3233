namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// The SSH server presented a host key other than the pinned one: the connection was refused before
/// authentication, so no password or key was offered to it.
/// </summary>
public sealed class HostKeyMismatchException : Exception
{
    /// <summary>Builds the message with both fingerprints and how to update the configuration.</summary>
    public HostKeyMismatchException(string endpoint, string host, int port, string keyAlgorithm, HostKeyFingerprint presented, HostKeyFingerprint pinned)
        : base($"SSH console {endpoint}: host key mismatch, connection refused before login. The server presented the {keyAlgorithm} key " +
               $"{presented} but the configuration pins {pinned} (the console's `hostKey`). If the BMC's key changed for a known reason " +
               $"(reset, firmware update, replaced board), verify the new key out of band, then run `solwatch ssh-fingerprint {host} --port {port}` " +
               "and put the printed value into `hostKey`. Otherwise someone may be intercepting the connection.")
    {
        Presented = presented;
        Pinned = pinned;
    }

    /// <summary>Required by CA1032; prefer the descriptive constructor.</summary>
    public HostKeyMismatchException() : base("SSH host key mismatch") => (Presented, Pinned) = (null, null);

    /// <summary>Required by CA1032; prefer the descriptive constructor.</summary>
    public HostKeyMismatchException(string message) : base(message) => (Presented, Pinned) = (null, null);

    /// <summary>Required by CA1032; prefer the descriptive constructor.</summary>
    public HostKeyMismatchException(string message, Exception innerException) : base(message, innerException) => (Presented, Pinned) = (null, null);

    /// <summary>What the server presented.</summary>
    public HostKeyFingerprint? Presented { get; }

    /// <summary>What the configuration pins.</summary>
    public HostKeyFingerprint? Pinned { get; }
}
