using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Hosting.Demo;

/// <summary>
/// The demo console of <c>solwatch run</c> without <c>--config</c>: it replays samples/demo-panic.log (embedded) once
/// per database. Why once: each replay is the same panic, and storing it again at every start would fill a new
/// user's incident list with copies of one crash. Whether it was replayed before is known only once the database is
/// open, so the daemon sets <see cref="PreviousIncident"/> (<see cref="DemoReplay.PrepareAsync"/>) before the collectors
/// are created, and it is not changed afterwards.
/// </summary>
internal sealed record DemoSettings(int BytesPerSecond) : ConsoleSettings
{
    /// <summary>Where the replayed capture comes from, in the repository.</summary>
    public const string Capture = "samples/demo-panic.log";

    /// <summary>The incident an earlier run stored the replayed panic as, or null: replay it.</summary>
    public long? PreviousIncident { get; set; }

    /// <inheritdoc />
    public override string Endpoint => PreviousIncident is { } id
        ? $"{Capture} (embedded), replayed before: its panic is incident {id}"
        : $"replay of {Capture} (embedded) at {BytesPerSecond} B/s";

    /// <inheritdoc />
    /// <remarks>Replayed before: a collector that connects and stays silent (nothing to store twice).</remarks>
    public override IConsoleCollector CreateCollector(CollectorContext context) =>
        new ReplayCollector(Endpoint, PreviousIncident is null ? OpenCapture : () => Stream.Null, BytesPerSecond);

    /// <summary>The embedded capture.</summary>
    public static Stream OpenCapture() =>
        typeof(DemoSettings).Assembly.GetManifestResourceStream(ReplayConsoleType.DemoResource)
            ?? throw new InvalidOperationException($"embedded resource {ReplayConsoleType.DemoResource} is missing from this build");
}
