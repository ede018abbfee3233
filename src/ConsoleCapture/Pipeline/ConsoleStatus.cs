namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>What a console is doing, as shown by <c>solwatch consoles</c>. Immutable snapshot.</summary>
/// <param name="Name">The console's name.</param>
/// <param name="Host">The host label, or null.</param>
/// <param name="Type">The console type.</param>
/// <param name="Endpoint">What the collector connects to (never a secret).</param>
/// <param name="State">Current state.</param>
/// <param name="Since">When the console entered <paramref name="State"/>.</param>
/// <param name="Detail">How it is connected, or why it is not.</param>
/// <param name="Lines">Lines received since the daemon started.</param>
/// <param name="Incidents">Incidents stored since the daemon started.</param>
/// <param name="LastLineAt">When the last line arrived, or null.</param>
public sealed record ConsoleStatus(
    string Name,
    string? Host,
    string Type,
    string Endpoint,
    ConsoleState State,
    DateTimeOffset Since,
    string? Detail,
    long Lines,
    long Incidents,
    DateTimeOffset? LastLineAt);

/// <summary>The life cycle of a console in the daemon.</summary>
public enum ConsoleState
{
    /// <summary>Configured, collector not started yet.</summary>
    Starting,
    /// <summary>The collector is connecting.</summary>
    Connecting,
    /// <summary>Attached; lines flow.</summary>
    Connected,
    /// <summary>The connection failed or closed; waiting before the next attempt.</summary>
    BackingOff,
    /// <summary>Cannot run (e.g. device missing at start, bad settings); see the detail.</summary>
    Failed,
    /// <summary>The daemon stopped it.</summary>
    Stopped,
}
