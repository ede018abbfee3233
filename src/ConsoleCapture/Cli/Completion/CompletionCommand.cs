using System.CommandLine;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.Completion;

/// <summary>
/// <c>solwatch completion bash|zsh|fish</c>: prints a completion script generated from the command tree
/// (<see cref="CompletionTree"/>): subcommands, options, their fixed values, files where a file is asked for, and
/// console names. The hidden <c>solwatch completion consoles</c> prints those names for the scripts: the running
/// daemon's consoles, else the configuration's, else nothing (never an error: a TAB must not print one).
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script: source <(solwatch completion bash), or zsh, or fish.") { shell };
        command.SetAction(parse =>
        {
            var nodes = CompletionTree.Read(SolwatchCommandLine.Build());
            Console.Out.Write(parse.GetValue(shell) switch
            {
                "zsh" => ZshScript.Generate(nodes),
                "fish" => FishScript.Generate(nodes),
                _ => BashScript.Generate(nodes),
            });
            return ExitCodes.Ok;
        });
        var o = new CommonOptions();
        var consoles = new Command("consoles", "Console names for completion scripts.") { Hidden = true };
        consoles.Options.Add(o.Db);
        consoles.Options.Add(o.Config);
        consoles.SetAction(async (parse, ct) =>
        {
            foreach (string name in await NamesAsync(o, parse, ct))
            {
                Console.Out.WriteLine(name);
            }
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(consoles);
        return command;
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(CommonOptions o, ParseResult parse, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using IDaemonData data = await o.OpenAsync(parse, timeout.Token);
            if (data is DaemonClient && await data.ConsolesAsync(timeout.Token) is { } running)
            {
                return [.. running.Select(c => c.Name)];
            }
        }
        catch (Exception e) when (e is CliException or HttpRequestException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // No daemon, or one that does not answer in time: the configuration's names instead.
        }
        try
        {
            if (DaemonData.ConfigFile(parse.GetValue(o.Config)) is { } file)
            {
                return [.. new ConfigLoader(checkEnvironment: false).Load(file).Config.Consoles.Select(c => c.Name)];
            }
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
        {
        }
        return [];
    }
}
