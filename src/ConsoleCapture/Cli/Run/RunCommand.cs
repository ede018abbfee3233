using System.CommandLine;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Cli.Run;

/// <summary><c>solwatch run [--config FILE]</c>: the capture daemon.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "YAML configuration (see configs/solwatch.example.yaml); without it, a demo console replays a real kernel panic",
        };
        var command = new Command("run", "Run the capture daemon: watch the configured consoles, store crashes as incidents, serve the API on loopback.")
        {
            config,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config)));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? configFile)
    {
        LoadedConfig? loaded = DefaultConfig.Create();
        if (configFile is not null && !ConfigCheck.ConfigReport.TryLoad(configFile.ToString(), Console.Error, "nothing started", out loaded))
        {
            return ExitCodes.Error;
        }
        return await DaemonHost.RunAsync(loaded, Console.Out);
    }
}
