using System.CommandLine;
using System.Globalization;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.ConfigCheck;

/// <summary>
/// <c>solwatch config check FILE</c>: validates a configuration as <c>solwatch run</c> would (secret variables and
/// files, devices) without starting anything; prints <c>ok: N consoles</c> and exits 0, or every error and exits 2.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "the YAML configuration (see configs/solwatch.example.yaml)" };
        var check = new Command("check", "Validate a configuration as `solwatch run` would, without starting anything; list every error.")
        {
            file,
        };
        check.SetAction((parse, _) => CheckAsync(parse.GetValue(file)!));
        return new Command("config", "Work with configuration files.") { check };
    }

    private static async Task<int> CheckAsync(string path)
    {
        if (!ConfigReport.TryLoad(path, Console.Error, "", out LoadedConfig? loaded))
        {
            return ExitCodes.Error;
        }
        foreach (ConfigError problem in loaded.ConsoleProblems)
        {
            // Not errors: that console starts failed and says why, the others run.
            await Console.Out.WriteLineAsync($"problem of one console (the others run): {problem}");
        }
        foreach (ConfigError warning in loaded.Warnings)
        {
            await Console.Out.WriteLineAsync($"warning: {warning}");
        }
        int count = loaded.Config.Consoles.Length;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ok: {count} console{(count == 1 ? "" : "s")}"));
        return ExitCodes.Ok;
    }
}
