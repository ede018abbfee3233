using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>Collects every problem of one configuration file, so the operator sees them all at once.</summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _consoleProblems = [];
    private readonly List<ConfigError> _warnings = [];
    private readonly HashSet<(long Line, long Column)> _reported = [];

    /// <summary>Longest message kept; a collector's own message might quote a long value.</summary>
    public const int MaxMessageChars = 500;

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

    /// <summary>
    /// Records an error at <paramref name="node"/>, unless the YAML reader has reported that very node already (a
    /// value too long to keep, an alias to nothing): one error per mistake.
    /// </summary>
    public void Error(YamlNode node, string key, string message)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_reported.Contains((node.Start.Line, node.Start.Column)))
        {
            Error(node.Start, key, message);
        }
    }

    /// <summary>
    /// Records an error at <paramref name="mark"/>. Control characters in the key and message are escaped (they may
    /// come from the file), and both are shortened when long.
    /// </summary>
    public void Error(Mark mark, string key, string message) => _errors.Add(Located(mark, key, message));

    /// <summary>Says that the node at <paramref name="mark"/> has had its error; later ones about it are dropped.</summary>
    public void Reported(Mark mark) => _reported.Add((mark.Line, mark.Column));

    /// <summary>
    /// Settings that are valid but leave a feature of one console off (a kdump host without a pinned host key is never
    /// connected to): the console runs; <c>config check</c> and the daemon's log say what is off and why.
    /// </summary>
    public IReadOnlyList<ConfigError> Warnings => _warnings;

    /// <summary>Records a warning (see <see cref="Warnings"/>).</summary>
    public void Warning(YamlNode node, string key, string message)
    {
        ArgumentNullException.ThrowIfNull(node);
        _warnings.Add(Located(node.Start, key, message));
    }

    /// <summary>Records a problem that disables one console only.</summary>
    public ConfigError ConsoleProblem(YamlNode node, string key, string message)
    {
        ArgumentNullException.ThrowIfNull(node);
        ConfigError problem = Located(node.Start, key, message);
        _consoleProblems.Add(problem);
        return problem;
    }

    private ConfigError Located(Mark mark, string key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        string text = ConfigText.Escape(message);
        if (text.Length > MaxMessageChars)
        {
            text = text[..MaxMessageChars] + "…";
        }
        return new ConfigError(File, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), ConfigText.Show(key), text);
    }
}
