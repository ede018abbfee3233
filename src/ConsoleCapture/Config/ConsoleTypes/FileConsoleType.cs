using SolWatch.ConsoleCapture.Collectors.Files;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: file</c>: follows a growing file like <c>tail -F</c> (a conserver or ser2net log, a VM's serial log);
/// rotation and truncation handled. Keys: <c>path</c> (required; may not exist yet), <c>fromBeginning</c> (false:
/// start at the end), <c>pollInterval</c> (250ms).
/// </summary>
public sealed class FileConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "file";

    /// <inheritdoc />
    /// <remarks>No: the followed file is the raw record already.</remarks>
    public bool KeepsRawTranscript => false;

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(context);
        string? path = console.Text("path", required: true);
        bool fromBeginning = console.Bool("fromBeginning") ?? false;
        TimeSpan? poll = console.Duration("pollInterval");
        return path is null
            ? null
            : CollectorSettings.Build(
                console, "path", () => new FileCollectorOptions(context.FullPath(path), fromBeginning, poll),
                o => $"file {o.Path}", o => new FileCollector(o));
    }
}
