using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>Options shared by the verbs that read incidents.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "the incident database (default: the user's data directory); its daemon's API is used when it runs, else the file is opened",
    };

    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "the daemon's configuration, to find its database (default: $SOLWATCH_CONFIG, else /etc/solwatch/solwatch.yaml when it exists)",
    };

    public Option<string?> Transcripts { get; } = new("--transcripts")
    {
        Description = "transcripts directory, when reading files without a daemon (default: beside the database)",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "JSON for scripts instead of a table" };

    public Option<string?> Console { get; } = new("--console") { Description = "only this console" };

    public Option<string?> Since { get; } = new("--since") { Description = "from this time (ISO 8601, or an age: 30m, 2h, 7d)" };

    public Option<string?> Until { get; } = new("--until") { Description = "up to this time (ISO 8601, or an age)" };

    public Option<string?> Kind { get; } = new("--kind") { Description = $"only this kind ({string.Join(", ", CrashKindName.All)}); `incidents list --kind hardware` lists hardware events (never incidents) and each console's counts" };

    public Option<string?> Fingerprint { get; } = new("--fingerprint") { Description = "only this fingerprint" };

    public Option<int> Limit { get; } = new("--limit") { Description = "at most this many", DefaultValueFactory = _ => DefaultLimit, CustomParser = ParseLimit };

    private const int DefaultLimit = 100;

    private static int ParseLimit(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return DefaultLimit;
        }
        string given = result.Tokens[0].Value;
        if (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit > 0)
        {
            return limit;
        }
        result.AddError($"--limit {given}: give how many at most, a whole number from 1, e.g. --limit 20");
        return 0;
    }

    public void AddFilters(Command command)
    {
        foreach (Option o in new Option[] { Console, Since, Until, Kind, Fingerprint, Limit })
        {
            command.Options.Add(o);
        }
    }

    public void AddSource(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Config);
        command.Options.Add(Transcripts);
    }

    public IncidentQuery Query(ParseResult parse)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        CrashKind? kind = null;
        if (parse.GetValue(Kind) is { } k)
        {
            kind = CrashKindName.TryParse(k, out CrashKind parsed)
                ? parsed
                : throw new CliException($"--kind {TerminalText.Escape(k)}: not one of {string.Join(", ", CrashKindName.All)} " +
                    "(hardware events are not crashes: `solwatch incidents list --kind hardware` lists them)");
        }
        (DateTimeOffset? since, DateTimeOffset? until) = TimeArgument.Window(parse.GetValue(Since), parse.GetValue(Until), now);
        return new IncidentQuery
        {
            Console = parse.GetValue(Console),
            Since = since,
            Until = until,
            Kind = kind,
            Fingerprint = parse.GetValue(Fingerprint),
            Limit = Math.Max(1, parse.GetValue(Limit)),
        };
    }

    public Task<IDaemonData> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        string? db = parse.GetValue(Db);
        string? transcripts = parse.GetValue(Transcripts);
        if (db is null && DaemonData.ConfigFile(parse.GetValue(Config)) is { } configFile)
        {
            StorageConfig storage = StorageOf(configFile);
            db = storage.Database;
            transcripts ??= storage.Transcripts;
        }
        RefuseForeignFile(db ?? DataPaths.Database, db is null ? "the default database" : "--db");
        return DaemonData.OpenAsync(db, transcripts, ct);
    }

    /// <summary>
    /// "No daemon" for a verb only a running daemon can answer: names the database whose daemon was looked for and,
    /// when that was the default (no --db, no --config, no $SOLWATCH_CONFIG), how to reach a daemon started with its
    /// own configuration or data directory: the first thing a user tries after `solwatch run --config FILE`.
    /// </summary>
    public CliException NoDaemon(ParseResult parse, IDaemonData data, string why)
    {
        string where = data is DatabaseFile file ? file.DatabasePath : "this database";
        bool defaulted = parse.GetValue(Db) is null && DaemonData.ConfigFile(parse.GetValue(Config)) is null;
        string hint = defaulted
            ? "; for a daemon started with --config FILE or --data-dir DIR, give the same --config FILE, or --db DIR/incidents.db"
            : "";
        return new CliException($"no daemon is running for {where}; {why}{hint}");
    }

    /// <summary>
    /// The storage paths of the configuration <paramref name="configFile"/>, also when other sections of it have
    /// errors (the verb still finds its daemon; <c>reload</c> then gets the daemon's list of them). What keeps the
    /// database from being known is named in one line, the first error and how many more.
    /// </summary>
    public static StorageConfig StorageOf(string configFile)
    {
        try
        {
            return new ConfigLoader(checkEnvironment: false).LoadStorage(configFile);
        }
        catch (ConfigException e)
        {
            string first = e.Errors.IsDefaultOrEmpty ? e.Message : e.Errors[0].ToString();
            string more = e.Errors.Length > 1 ? $" (and {e.Errors.Length - 1} more: solwatch config check {configFile})" : "";
            throw new CliException($"cannot find the database in {configFile}: {first}{more}; fix the file or give --db FILE");
        }
    }

    /// <summary>
    /// Stops before a file that is not a LiteDB database is opened as one: LiteDB would take a small file for a new
    /// database and write its pages over it (a mistyped --db /etc/hosts), and throw its own exception at a larger
    /// one. An empty file is let through (a database about to be created, nothing to lose).
    /// </summary>
    private static void RefuseForeignFile(string path, string what)
    {
        string? foreign;
        try
        {
            foreign = DatabaseMaintenance.DescribeForeign(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{what} {path}: cannot read it ({e.Message})");
        }
        if (foreign is not null)
        {
            throw new CliException($"{what} {path}: not a SolWatch database (no LiteDB header), left untouched; give the daemon's storage.database");
        }
    }

    /// <summary>Runs a verb body, turning a <see cref="CliException"/> into its message on stderr and exit 2.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            // Escaped: a message can quote what the daemon or a console said.
            await System.Console.Error.WriteLineAsync($"solwatch: {TerminalText.Escape(e.Message)}");
            return ExitCodes.Error;
        }
        catch (HttpRequestException e)
        {
            await System.Console.Error.WriteLineAsync($"solwatch: the daemon stopped answering: {TerminalText.Escape(e.Message)}");
            return ExitCodes.Error;
        }
    }
}
