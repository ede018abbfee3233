using System.CommandLine;
using System.Globalization;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli.Db;

/// <summary>
/// <c>solwatch db check</c> and <c>solwatch db rebuild</c>: the incident database file itself, with no daemon
/// running (the daemon holds the file; both verbs refuse while it runs).
/// </summary>
internal static class DbCommand
{
    /// <summary><c>db check</c> found damage (or a file that is not a SolWatch database).</summary>
    public const int Damaged = 1;

    public static Command Create()
    {
        var command = new Command("db", "Check the incident database file, or salvage a damaged one into a fresh database.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Rebuild());
        return command;
    }

    private static Command Check()
    {
        var o = new CommonOptions();
        var command = new Command("check",
            "Read every incident of the database file (read-only) and say OK or what is damaged. Exit 0: OK; 1: damaged or not a SolWatch database; 2: error.");
        command.Options.Add(o.Db);
        command.Options.Add(o.Config);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            string path = DatabasePath(o, parse);
            DatabaseCheckReport report = Run(() => DatabaseMaintenance.Check(path));
            await Console.Out.WriteLineAsync(report.Summary);
            foreach (UnreadableRecord record in report.Unreadable.Take(100))
            {
                await Console.Out.WriteLineAsync($"  incident {record.Id.ToString(CultureInfo.InvariantCulture)}: {record.Error}");
            }
            return report.Ok ? ExitCodes.Ok : Damaged;
        }));
        return command;
    }

    private static Command Rebuild()
    {
        var o = new CommonOptions();
        var output = new Option<string?>("--output", "-o")
        {
            Description = "write the fresh database here and leave the original where it is (default: rebuild in place, the damaged file kept as FILE.damaged-TIMESTAMP)",
        };
        var command = new Command("rebuild",
            "Copy every incident that can still be read into a fresh database; the damaged file is never modified.") { output };
        command.Options.Add(o.Db);
        command.Options.Add(o.Config);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            string path = DatabasePath(o, parse);
            DatabaseRebuildReport report = Run(() => DatabaseMaintenance.Rebuild(path, parse.GetValue(output), DateTimeOffset.UtcNow));
            await Console.Out.WriteLineAsync(
                $"saved {report.Saved.ToString(CultureInfo.InvariantCulture)} incident(s) into {report.Output}; " +
                $"lost {report.Lost.Count.ToString(CultureInfo.InvariantCulture)} unreadable" +
                (report.Lost.Count > 0 ? $" (ids {string.Join(", ", report.Lost.Take(50).Select(l => l.Id))}{(report.Lost.Count > 50 ? ", …" : "")})" : ""));
            if (report.FileDamage is { } damage)
            {
                await Console.Out.WriteLineAsync($"the file was {damage}: incidents stored in the missing part are gone and not counted above");
            }
            await Console.Out.WriteLineAsync(report.DamagedKeptAs is { } kept
                ? $"the damaged file is kept as {kept}"
                : $"the damaged file {report.Source} is unchanged; point storage.database at {report.Output} to use the fresh one");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (StoreUnavailableException e)
        {
            throw new CliException(e.Message);
        }
        catch (FileNotFoundException e)
        {
            throw new CliException($"{e.Message}; give --db FILE (the daemon's storage.database)");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"{e.Message}: run as the daemon's user");
        }
    }

    /// <summary>--db, else the configuration's storage.database, else the default path.</summary>
    private static string DatabasePath(CommonOptions o, ParseResult parse)
    {
        if (parse.GetValue(o.Db) is { } db)
        {
            return db;
        }
        if (DaemonData.ConfigFile(parse.GetValue(o.Config)) is { } configFile)
        {
            return CommonOptions.StorageOf(configFile).Database;
        }
        return DataPaths.Database;
    }
}
