using SolWatch.ConsoleCapture.Supervision;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>What a console is doing, as shown by <c>solwatch consoles</c>. Immutable snapshot.</summary>
/// <param name="Name">The console's name.</param>
/// <param name="Host">The host label, or null.</param>
/// <param name="Type">The console type.</param>
/// <param name="Endpoint">What the collector connects to (never a secret).</param>
/// <param name="State">Connecting, Connected, BackingOff, Stopped — or Failed when it cannot run at all.</param>
/// <param name="Since">When the console entered <paramref name="State"/>.</param>
/// <param name="Detail">Why it is not connected (backoff reason, configuration problem), or null.</param>
/// <param name="Connection">The supervisor's snapshot (bytes, connects, last error), or null when not running.</param>
/// <param name="Lines">Lines received since the daemon started.</param>
/// <param name="Incidents">Incidents stored since the daemon started.</param>
/// <param name="LastLineAt">When the last line arrived, or null.</param>
public sealed record ConsoleSummary(
    string Name,
    string? Host,
    string Type,
    string Endpoint,
    string State,
    DateTimeOffset Since,
    string? Detail,
    Supervision.ConsoleStatus? Connection,
    long Lines,
    long Incidents,
    DateTimeOffset? LastLineAt)
{
    /// <summary>Crash reports not stored because the console exceeded its incident rate limit (counted in summary incidents).</summary>
    public long IncidentsSuppressed { get; init; }

    /// <summary>The state shown for a console that cannot run.</summary>
    public const string Failed = "Failed";

    /// <summary>The state shown before the supervisor first reports.</summary>
    public const string Starting = "Starting";

    internal static string StateOf(Supervision.ConsoleStatus status) => status.State switch
    {
        ConsoleState.Connecting => "Connecting",
        ConsoleState.Connected => "Connected",
        ConsoleState.BackingOff => "BackingOff",
        _ => "Stopped",
    };
}
