using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>Collects every problem of one configuration file, so the operator sees them all at once.</summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _consoleProblems = [];

    /// <summary>Creates the collector for <paramref name="file"/> (the path as the operator wrote it).</summary>
    public ConfigDiagnostics(string file, bool checkEnvironment = true)
    {
        File = file;
        CheckEnvironment = checkEnvironment;
    }

    /// <summary>
    /// Whether to check this machine's side of the settings (secret variables set, secret file modes, devices
    /// present). The daemon does; the CLI, which only wants the storage paths, does not.
    /// </summary>
    public bool CheckEnvironment { get; }

    /// <summary>The configuration file as the operator named it.</summary>
    public string File { get; }

    /// <summary>Errors that stop the daemon from starting.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>
    /// Problems of one console that do not stop the others (a serial device not plugged in yet): that console
    /// starts failed and says why, the rest run.
    /// </summary>
    public IReadOnlyList<ConfigError> ConsoleProblems => _consoleProblems;

    /// <summary>Records an error at <paramref name="node"/>.</summary>
    public void Error(YamlNode node, string key, string message) => Error(node.Start, key, message);

    /// <summary>Records an error at <paramref name="mark"/>.</summary>
    public void Error(Mark mark, string key, string message) =>
        _errors.Add(new ConfigError(File, (int)mark.Line, (int)mark.Column, key, message));

    /// <summary>Records a problem that disables one console only.</summary>
    public ConfigError ConsoleProblem(YamlNode node, string key, string message)
    {
        var problem = new ConfigError(File, (int)node.Start.Line, (int)node.Start.Column, key, message);
        _consoleProblems.Add(problem);
        return problem;
    }
}
