using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// What the CLI needs to reach this daemon, for the commands its start-up lines suggest: nothing when a bare
/// <c>solwatch consoles</c> finds it (the default database, or the one of $SOLWATCH_CONFIG or the system
/// configuration), else <c> --config FILE</c> or <c> --db FILE</c>. Without it a daemon started with its own
/// configuration or <c>--data-dir</c> told the user to type commands that asked another database's daemon.
/// </summary>
internal static class CliAddress
{
    /// <summary>The option(s) to append to a suggested CLI command, each with a leading space; empty when none is needed.</summary>
    public static string For(SolwatchConfig config)
    {
        string database = Path.GetFullPath(config.Storage.Database);
        string? configFile = DaemonData.ConfigFile(null);
        if (SameFile(DatabaseOf(configFile), database))
        {
            return "";
        }
        if (config.SourceFile is { } source && SameFile(DatabaseOf(source), database))
        {
            return " --config " + Quoted(Path.GetFullPath(source));
        }
        return " --db " + Quoted(database);
    }

    /// <summary>The database the CLI finds through <paramref name="configFile"/> (null: the default one); null when it cannot tell.</summary>
    private static string? DatabaseOf(string? configFile)
    {
        if (configFile is null)
        {
            return DataPaths.Database;
        }
        try
        {
            return new ConfigLoader(checkEnvironment: false).LoadStorage(configFile).Database;
        }
        catch (ConfigException)
        {
            return null;
        }
    }

    private static bool SameFile(string? a, string b) => a is not null && string.Equals(Path.GetFullPath(a), b, StringComparison.Ordinal);

    /// <summary>A path as a shell word: single-quoted when it holds anything but plain path characters.</summary>
    private static string Quoted(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
