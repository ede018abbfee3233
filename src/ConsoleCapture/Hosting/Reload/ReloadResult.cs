using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Hosting.Reload;

/// <summary>
/// The answer of a reload (<c>PUT /api/config</c>, <c>solwatch reload</c>, and the log of SIGHUP): what was applied, or
/// why nothing was.
/// </summary>
/// <param name="Outcome"><see cref="Applied"/>, <see cref="Invalid"/> (nothing changed; <paramref name="Errors"/> say why, as
/// <c>config check</c> does) or <see cref="NoFile"/> (the daemon runs on the embedded default).</param>
/// <param name="File">The configuration file re-read.</param>
/// <param name="Errors">FILE:LINE:COLUMN: key: what is wrong, one each (invalid only).</param>
/// <param name="Started">Consoles new in the file, started.</param>
/// <param name="Stopped">Consoles gone from the file, stopped (open reports stored, transcripts flushed).</param>
/// <param name="Restarted">Consoles whose entry changed, stopped and started again.</param>
/// <param name="Unchanged">How many consoles kept running untouched (their connections too).</param>
/// <param name="AlertRules">Alert rules new or changed (started afresh).</param>
/// <param name="AlertRulesRemoved">Alert rules removed.</param>
/// <param name="AlertDestinations">Alert destinations new or changed.</param>
/// <param name="AlertDestinationsRemoved">Alert destinations removed (they send what they hold first).</param>
/// <param name="Applied">Other settings applied at once (logging.level, metrics.enabled), as "key: old -> new".</param>
/// <param name="NeedsRestart">Settings changed in the file that keep their running value until a restart, as "key: old -> new".</param>
/// <param name="Problems">Problems of single consoles (each starts failed and says why; the others run).</param>
/// <param name="Warnings">Valid settings that leave a feature of a console off.</param>
public sealed record ReloadResult(
    string Outcome,
    string? File,
    ImmutableArray<string> Errors,
    ImmutableArray<string> Started,
    ImmutableArray<string> Stopped,
    ImmutableArray<string> Restarted,
    int Unchanged,
    ImmutableArray<string> AlertRules,
    ImmutableArray<string> AlertRulesRemoved,
    ImmutableArray<string> AlertDestinations,
    ImmutableArray<string> AlertDestinationsRemoved,
    ImmutableArray<string> Applied,
    ImmutableArray<string> NeedsRestart,
    ImmutableArray<string> Problems,
    ImmutableArray<string> Warnings)
{
    /// <summary>The file was valid and its differences are applied.</summary>
    public const string AppliedOutcome = "applied";

    /// <summary>The file has errors: nothing changed.</summary>
    public const string Invalid = "invalid";

    /// <summary>There is no file to re-read.</summary>
    public const string NoFile = "no-file";

    /// <summary>The daemon is shutting down: nothing changed.</summary>
    public const string Stopping = "stopping";

    /// <summary>A result with nothing but an outcome and errors.</summary>
    public static ReloadResult Refused(string outcome, string? file, ImmutableArray<string> errors) =>
        new(outcome, file, errors, [], [], [], 0, [], [], [], [], [], [], [], []);

    /// <summary>One line for the log and the CLI's first line.</summary>
    public string Summary() => Outcome switch
    {
        AppliedOutcome => $"configuration reloaded from {File}: {Started.Length} console(s) started, {Stopped.Length} stopped, {Restarted.Length} restarted, " +
            $"{Unchanged} unchanged; alert rules changed: {AlertRules.Length + AlertRulesRemoved.Length}, destinations changed: {AlertDestinations.Length + AlertDestinationsRemoved.Length}" +
            (NeedsRestart.IsEmpty ? "" : $"; {NeedsRestart.Length} setting(s) need a restart"),
        Invalid => $"configuration {File} not reloaded: {Errors.Length} error(s); nothing changed",
        NoFile => "nothing to reload: the daemon runs on the embedded default configuration (start it with --config FILE)",
        _ => "not reloaded: the daemon is shutting down",
    };
}
