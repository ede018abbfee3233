namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// One problem in a configuration file, located to the line and column of the offending YAML node so the operator
/// can jump to it: <c>solwatch.yaml:14:7: consoles[2].port: 70000 is not a port (1-65535)</c>.
/// </summary>
/// <param name="File">The configuration file as the operator named it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">Path of the key, e.g. <c>consoles[2].port</c>.</param>
/// <param name="Message">What is wrong and, when it helps, what to do.</param>
public sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Key.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Key}: {Message}";
}
