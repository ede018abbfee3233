using SolWatch.ConsoleCapture.Collectors.Exec;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: exec</c>: a command's output is the console (e.g. <c>ipmitool … sol activate</c>), restarted when it exits.
/// Keys: <c>command</c> (required: a list, argv, no shell) or <c>shell</c> (one shell command line);
/// <c>workingDirectory</c>.
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
        return CollectorSettings.Build(
            console, command is not null ? "command" : "shell",
            () => shell is not null ? new ExecCollectorOptions([shell], useShell: true, cwd) : new ExecCollectorOptions(command!, false, cwd),
            o => $"exec {o.Argv[0]}", o => new ExecCollector(o));
    }
}
