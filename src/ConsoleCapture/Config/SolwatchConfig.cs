using System.Collections.Immutable;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>The whole validated configuration of the daemon (see configs/solwatch.example.yaml, key by key).</summary>
/// <param name="SourceFile">The file it came from, or null for the embedded default.</param>
/// <param name="Storage">Where incidents and transcripts are kept.</param>
/// <param name="Retention">How long and how much transcript is kept.</param>
/// <param name="Incidents">How incidents are cut from the console text.</param>
/// <param name="Api">Where the HTTP API listens.</param>
/// <param name="Logging">Where the daemon's own log goes.</param>
/// <param name="Consoles">The consoles to watch.</param>
public sealed record SolwatchConfig(
    string? SourceFile,
    StorageConfig Storage,
    RetentionConfig Retention,
    IncidentsConfig Incidents,
    ApiConfig Api,
    LoggingConfig Logging,
    ImmutableArray<ConsoleConfig> Consoles)
{
    /// <summary><c>metrics:</c> the Prometheus endpoint.</summary>
    public MetricsConfig Metrics { get; init; } = MetricsConfig.Default;

    /// <summary><c>alerts:</c> destinations and rules.</summary>
    public AlertsConfig Alerts { get; init; } = AlertsConfig.None;

    /// <summary><c>web:</c> the operators' dashboard.</summary>
    public WebConfig Web { get; init; } = WebConfig.Default;
}

/// <summary><c>storage:</c> paths.</summary>
/// <param name="Database">The LiteDB incident database file.</param>
/// <param name="Transcripts">Directory of the per-console transcripts.</param>
/// <param name="RawTranscripts">Which consoles keep a raw byte transcript unless they say otherwise.</param>
public sealed record StorageConfig(string Database, string Transcripts, RawTranscriptMode RawTranscripts = RawTranscriptMode.Auto)
{
    /// <summary><c>storage.retention</c>: how much the incident database keeps.</summary>
    public IncidentRetentionConfig Retention { get; init; } = new(null, null, TimeSpan.FromHours(24));
}

/// <summary><c>storage.retention</c>: limits of the incident database, enforced by the store's writer.</summary>
/// <param name="MaxDatabaseMB">Largest database in MB (oldest non-panicked incidents deleted first); null: no limit.</param>
/// <param name="MaxAgeDays">Incidents last seen longer ago are deleted; null: kept for ever.</param>
/// <param name="RepeatWindow">Repeats of a crash (same console and fingerprint) within this are counted, not stored again.</param>
public sealed record IncidentRetentionConfig(int? MaxDatabaseMB, int? MaxAgeDays, TimeSpan RepeatWindow);

/// <summary><c>storage.rawTranscripts</c>: which consoles keep their exact bytes beside the line transcript.</summary>
public enum RawTranscriptMode
{
    /// <summary>Consoles that stream a live console (ipmi, ssh, serial, tcp, telnet, exec); not file, replay, netconsole.</summary>
    Auto,

    /// <summary>Every console.</summary>
    All,

    /// <summary>No console (unless it sets <c>rawTranscript: true</c>).</summary>
    None,
}

/// <summary><c>retention:</c> of transcripts.</summary>
/// <param name="Transcripts">Transcript parts older than this are deleted.</param>
/// <param name="MaxFileBytes">A transcript part is rotated (and gzipped) past this size.</param>
/// <param name="MaxFileAge">A transcript part is rotated past this age.</param>
public sealed record RetentionConfig(TimeSpan Transcripts, long MaxFileBytes, TimeSpan MaxFileAge);

/// <summary><c>incidents:</c> how incidents are cut.</summary>
/// <param name="ContextLines">Console lines kept before a report's first line.</param>
/// <param name="QuietPeriod">A report still open when its console has printed nothing for this long is closed.</param>
/// <param name="RateLimit">How many incidents one console may store (null: <see cref="RateLimitConfig.Default"/>).</param>
/// <param name="KdumpHangAfter">How long a crash's capture kernel (or the jump to it) may print nothing before its
/// incident calls it hung (null: <see cref="DefaultKdumpHangAfter"/>).</param>
public sealed record IncidentsConfig(int ContextLines, TimeSpan QuietPeriod, RateLimitConfig? RateLimit = null, TimeSpan? KdumpHangAfter = null)
{
    /// <summary>Ten minutes: a capture kernel prints while it boots and makedumpfile prints its progress while it saves.</summary>
    public static readonly TimeSpan DefaultKdumpHangAfter = TimeSpan.FromMinutes(10);
}

/// <summary><c>incidents.rateLimit:</c> a token bucket per console in front of the incident store.</summary>
/// <param name="Burst">Reports stored at once before the limit applies; 0 turns it off.</param>
/// <param name="Every">One more report allowed per this period once the burst is spent.</param>
/// <param name="SummaryAfter">A console that keeps flooding gets a summary incident at least this often.</param>
public sealed record RateLimitConfig(int Burst, TimeSpan Every, TimeSpan SummaryAfter)
{
    /// <summary>20 reports, then one a minute; a summary at least hourly.</summary>
    public static RateLimitConfig Default { get; } = new(20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
}

/// <summary><c>api:</c> where the HTTP API listens (loopback only: it has no TLS).</summary>
/// <param name="Address">Loopback address to bind.</param>
/// <param name="Port">TCP port; 0 picks a free one (written to the token file).</param>
public sealed record ApiConfig(string Address, int Port);

/// <summary><c>logging:</c> the daemon's own log.</summary>
/// <param name="Directory">Directory of the rolling compact-JSON log files, or null for console only.</param>
/// <param name="Level">Minimum level (Verbose, Debug, Information, Warning, Error).</param>
public sealed record LoggingConfig(string? Directory, string Level);

/// <summary>One console to watch.</summary>
/// <param name="Name">Unique name (used in transcripts, the API and the CLI).</param>
/// <param name="Host">Label of the machine whose console this is (fleet view counts hosts), or null.</param>
/// <param name="Type">Console type name (serial, tcp, …).</param>
/// <param name="ReadOnly">Never write to the console (no send/break/sysrq).</param>
/// <param name="Settings">The type's own settings.</param>
/// <param name="Problem">A problem of this console only (e.g. its device is missing): reported, the others run; or null.</param>
/// <param name="LogLines">Also write every line of this console to the daemon's log.</param>
/// <param name="RawTranscript">Also keep the exact bytes the collector delivers (the raw transcript).</param>
public sealed record ConsoleConfig(
    string Name, string? Host, string Type, bool ReadOnly, ConsoleSettings Settings, ConfigError? Problem, bool LogLines = false,
    bool RawTranscript = false)
{
    /// <summary>The machine itself over SSH (<c>kdumpHost:</c>), for the kdump audit and the vmcore-dmesg.txt of a saved dump; or null.</summary>
    public KdumpHostSettings? KdumpHost { get; init; }

    /// <summary>
    /// The console's entry as written (<see cref="CanonicalYaml"/>), or null when it did not come from a file: a
    /// reload restarts the console when this differs, and leaves its connection alone when it does not.
    /// </summary>
    public string? Definition { get; init; }
}
