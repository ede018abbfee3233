using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Hosting.Demo;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: replay</c>: plays a recorded console log once at a fixed byte rate, as if a machine printed it — for
/// demos and for trying a configuration. Keys: <c>path</c> (a file) or <c>resource: demo</c> (the embedded real
/// panic capture), <c>bytesPerSecond</c> (default 11520, a 115200-baud serial line).
/// </summary>
public sealed class ReplayConsoleType : IConsoleType
{
    /// <summary>Name of the embedded demo capture (samples/demo-panic.log).</summary>
    public const string DemoResource = "SolWatch.demo-panic.log";

    /// <inheritdoc />
    public string Name => "replay";

    /// <inheritdoc />
    /// <remarks>No: the replayed file is the raw record already.</remarks>
    public bool KeepsRawTranscript => false;

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(context);
        string? path = console.Text("path");
        string? resource = console.OneOf("resource", "demo");
        int rate = console.Number("bytesPerSecond", 1, 100_000_000, "a byte rate") ?? 11520;
        if ((path is null) == (resource is null))
        {
            console.Error("path", "give either path (a file to replay) or resource: demo");
            return null;
        }
        if (path is not null)
        {
            string full = context.FullPath(path);
            if (!File.Exists(full))
            {
                console.Error("path", $"{ConfigText.Show(full)} does not exist");
                return null;
            }
            return new ReplaySettings(full, null, rate);
        }
        return new ReplaySettings(null, DemoResource, rate);
    }
}

/// <summary>Settings of a <c>replay</c> console.</summary>
/// <param name="Path">File to replay, or null.</param>
/// <param name="Resource">Embedded resource to replay, or null.</param>
/// <param name="BytesPerSecond">Replay speed.</param>
public sealed record ReplaySettings(string? Path, string? Resource, int BytesPerSecond) : ConsoleSettings
{
    /// <inheritdoc />
    public override string Endpoint => $"replay of {Path ?? "embedded " + Resource} at {BytesPerSecond} B/s";

    /// <inheritdoc />
    public override IConsoleCollector CreateCollector(CollectorContext context) =>
        new ReplayCollector(Endpoint, Open, BytesPerSecond);

    private Stream Open() => Path is not null
        ? File.OpenRead(Path)
        : typeof(ReplaySettings).Assembly.GetManifestResourceStream(Resource!)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing from this build");
}
