namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// The binding of one console type (<c>type: serial</c>, <c>tcp</c>, …) to the configuration: reads the type's own
/// keys of a console mapping (the common keys name/host/type/readOnly are read already) and validates them.
/// One small file per type; register it in <see cref="ConsoleTypeRegistry"/>.
/// </summary>
public interface IConsoleType
{
    /// <summary>The <c>type:</c> value.</summary>
    string Name { get; }

    /// <summary>
    /// Reads the type's keys from <paramref name="console"/>; records errors there (fatal) or a console problem
    /// (that console only) and returns null when the settings are unusable.
    /// </summary>
    ConsoleSettings? Read(YamlMap console, ConfigReadContext context);

    /// <summary>
    /// Whether its consoles keep a raw byte transcript under <c>storage.rawTranscripts: auto</c>: yes for live console
    /// streams (their bytes exist nowhere else: the forensic record), no where the source is already a file or is
    /// not a byte stream.
    /// </summary>
    bool KeepsRawTranscript => true;
}

/// <summary>What a console type may need while reading its settings.</summary>
/// <param name="BaseDirectory">Relative paths in the file are relative to this (the config file's directory).</param>
public sealed record ConfigReadContext(string BaseDirectory)
{
    /// <summary>Resolves <paramref name="path"/> against <see cref="BaseDirectory"/>.</summary>
    public string FullPath(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
