using System.CommandLine;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Cli.Run;

/// <summary><c>solwatch run [--config FILE] [--api-port P] [--data-dir DIR]</c>: the capture daemon.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "YAML configuration (see configs/solwatch.example.yaml); without it, a demo console replays a real kernel panic",
        };
        var apiPort = new Option<int?>("--api-port")
        {
            Description = $"TCP port of the loopback API, instead of api.port in the configuration (default {ConfigLoader.DefaultApiPort}); 0 picks a free one",
            // Parsed here, not by a command validator: GetValue on a word that is not a number throws from inside Parse.
            CustomParser = ParsePort,
        };
        var dataDir = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "keep the database, transcripts and (without --config) the log files in this directory, instead of the user's data directory or the configuration's storage paths",
        };
        var command = new Command("run", "Run the capture daemon: watch the configured consoles, store crashes as incidents, serve the API on loopback.")
        {
            config,
            apiPort,
            dataDir,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config), parse.GetValue(apiPort), parse.GetValue(dataDir)));
        return command;
    }

    private static int? ParsePort(System.CommandLine.Parsing.ArgumentResult result)
    {
        string given = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port <= 65535)
        {
            return port;
        }
        result.AddError($"--api-port {given}: not a port (a whole number from 0 to 65535)");
        return null;
    }

    private static async Task<int> RunAsync(FileInfo? configFile, int? apiPort, DirectoryInfo? dataDir)
    {
        if (configFile is not null && Directory.Exists(configFile.FullName))
        {
            await Console.Error.WriteLineAsync($"solwatch: --config {configFile}: a directory; give the YAML file (e.g. {Path.Combine(configFile.ToString(), "solwatch.yaml")})");
            return ExitCodes.Error;
        }
        LoadedConfig loaded;
        if (configFile is null)
        {
            loaded = DefaultConfig.Create(dataDir?.FullName);
        }
        else if (ConfigCheck.ConfigReport.TryLoad(configFile.ToString(), Console.Error, "nothing started", out LoadedConfig? fromFile))
        {
            loaded = fromFile;
        }
        else
        {
            return ExitCodes.Error;
        }
        return await DaemonHost.RunAsync(RunOverrides.Apply(loaded, apiPort, dataDir?.FullName), Console.Out);
    }
}
