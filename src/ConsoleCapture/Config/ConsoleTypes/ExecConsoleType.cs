using SolWatch.ConsoleCapture.Collectors.Exec;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: exec</c>: a command's output is the console (e.g. <c>ipmitool … sol activate</c>), restarted when it exits.
/// Keys: <c>command</c> (required: a list, argv, no shell) or <c>shell</c> (one shell command line);
/// <c>workingDirectory</c>; <c>passEnv</c> (names of the daemon's variables the command gets, e.g. a password set for
/// it alone) and <c>env</c> (a mapping of variables with plain values; no secrets in the YAML: pass those with
/// <c>passEnv</c>) — the command gets no other variable of the daemon's but PATH, HOME, USER, LOGNAME, LANG, LC_*,
/// TERM and TZ; <c>sendTimeout</c> (how long <c>solwatch send</c> waits for the command to read, default 5s).
/// </summary>
public sealed class ExecConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "exec";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<string>? command = console.StringList("command");
        string? shell = console.Text("shell");
        string? workingDirectory = console.Text("workingDirectory");
        if ((command is null) == (shell is null))
        {
            console.Error("command", "give either command (a list: program and arguments) or shell (one command line)");
            return null;
        }
        string? cwd = workingDirectory is null ? null : context.FullPath(workingDirectory);
        IReadOnlyList<string> passEnv = console.StringList("passEnv") ?? [];
        Dictionary<string, string>? env = Variables(console);
        TimeSpan? sendTimeout = SendTimeoutSetting.Read(console, out bool wrongTimeout);
        if (env is null || !ValidNames(console, "passEnv", passEnv) || wrongTimeout)
        {
            return null;
        }
        CollectorSettings<ExecCollectorOptions>? settings = CollectorSettings.Build(
            console, command is not null ? "command" : "shell",
            () => new ExecCollectorOptions(
                shell is not null ? [shell] : command!, shell is not null, cwd, env, passEnvironment: passEnv, sendTimeout: sendTimeout),
            o => $"exec {o.Argv[0]}", o => new ExecCollector(o));
        // ConsoleControl's SendGate bounds the console's writes by its sendTimeout, as for every type that takes input.
        return settings is null ? null : settings with { SendTimeout = settings.Options.SendTimeout };
    }

    /// <summary>The <c>env</c> mapping (empty when absent); null after an error.</summary>
    private static Dictionary<string, string>? Variables(YamlMap console)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        YamlNode? raw = console.Raw("env");
        if (console.Map("env") is not { } env)
        {
            // Absent or empty: no variables; anything else is not a mapping, an error Map recorded.
            return raw is null or YamlScalarNode { Value: null or "" } ? variables : null;
        }
        bool ok = true;
        foreach ((YamlNode key, YamlNode value) in env.Node.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (!ExecEnvironment.IsName(name))
            {
                console.Diagnostics.Error(key, env.KeyPath(name), "is not an environment variable name (letters, digits and _, not starting with a digit)");
                ok = false;
            }
            else if (value is not YamlScalarNode { Value: { } text })
            {
                console.Diagnostics.Error(value, env.KeyPath(name), "must be a single value (for a secret, set it in the daemon's environment and name it in passEnv)");
                ok = false;
            }
            else
            {
                variables[name] = text;
            }
        }
        return ok ? variables : null;
    }

    private static bool ValidNames(YamlMap console, string key, IReadOnlyList<string> names)
    {
        foreach (string name in names.Where(n => !ExecEnvironment.IsName(n)))
        {
            console.Error(key, $"'{name}' is not an environment variable name (letters, digits and _, not starting with a digit)");
            return false;
        }
        return true;
    }
}
