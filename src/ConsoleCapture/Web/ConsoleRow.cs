using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>A console as the consoles page shows it: its summary with the last line and whether it takes typing.</summary>
/// <param name="Name">The console's name.</param>
/// <param name="Host">The host label, or null.</param>
/// <param name="Type">The console type.</param>
/// <param name="Endpoint">What the collector connects to.</param>
/// <param name="State">Connecting, Connected, BackingOff, Stopped, Failed, Starting.</param>
/// <param name="Since">Since when.</param>
/// <param name="Why">Why it is not connected (backoff reason, configuration problem, last error), or null.</param>
/// <param name="BackoffUntil">When backing off: the next attempt.</param>
/// <param name="Bytes">Bytes received since the daemon started.</param>
/// <param name="Lines">Lines received since the daemon started.</param>
/// <param name="Incidents">Incidents stored since the daemon started.</param>
/// <param name="LastLineAt">When the last line arrived.</param>
/// <param name="LastLine">The last line received since the daemon started, or null.</param>
/// <param name="Writable">Whether it takes typing (an operator still needs its write lock).</param>
public sealed record ConsoleRow(
    string Name,
    string? Host,
    string Type,
    string Endpoint,
    string State,
    DateTimeOffset Since,
    string? Why,
    DateTimeOffset? BackoffUntil,
    long Bytes,
    long Lines,
    long Incidents,
    DateTimeOffset? LastLineAt,
    string? LastLine,
    bool Writable)
{
    /// <summary>The row of <paramref name="s"/>.</summary>
    public static ConsoleRow Of(ConsoleSummary s, string? lastLine, bool writable) => new(
        s.Name, s.Host, s.Type, s.Endpoint, s.State, s.Since,
        s.Detail ?? s.Connection?.Why ?? (s.State == "Connected" ? null : s.Connection?.LastError),
        s.Connection?.BackoffUntil, s.Connection?.Bytes ?? 0, s.Lines, s.Incidents, s.LastLineAt, lastLine, writable);
}
