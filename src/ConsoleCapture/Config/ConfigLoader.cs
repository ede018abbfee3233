using System.Collections.Immutable;
using System.Net;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Reads and validates the YAML configuration. Uses YamlDotNet's representation model (not object binding) so every
/// error carries the line and column of its node, unknown keys are caught, and all errors are reported at once.
/// </summary>
public sealed class ConfigLoader
{
    /// <summary>Default API port.</summary>
    public const int DefaultApiPort = 7410;

    /// <summary>The sections whose errors leave the storage paths known (every top-level section but storage).</summary>
    private static readonly string[] SectionsBesideStorage = ["retention", "incidents", "api", "logging", "consoles", "metrics", "alerts", "web"];

    private readonly ConsoleTypeRegistry _types;
    private readonly bool _checkEnvironment;

    /// <summary>
    /// Creates a loader that knows <paramref name="types"/> (default: every built-in type). Without
    /// <paramref name="checkEnvironment"/>, secrets and devices are not checked on this machine (the CLI only
    /// needs the storage paths).
    /// </summary>
    public ConfigLoader(ConsoleTypeRegistry? types = null, bool checkEnvironment = true)
    {
        _types = types ?? ConsoleTypeRegistry.Default;
        _checkEnvironment = checkEnvironment;
    }

    /// <summary>
    /// Loads <paramref name="path"/>; throws <see cref="ConfigException"/> listing every error. What is not a
    /// configuration file (a directory, a device, a FIFO, over <see cref="ConfigLimits.MaxFileBytes"/>, not UTF-8)
    /// is refused before it is read.
    /// </summary>
    public LoadedConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = ConfigFile.Read(path);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(text, path, baseDir);
    }

    /// <summary>
    /// The storage paths of <paramref name="path"/>, also when errors elsewhere in it keep it from loading: the CLI
    /// needs only the database to find the running daemon, and <c>solwatch reload</c> of a file with a typo in a
    /// console must reach the daemon, whose answer lists the errors. Throws <see cref="ConfigException"/> listing every
    /// error when the file cannot be read or parsed, when its storage settings are wrong, or when it has a key at the
    /// top that is no section (a misspelt <c>storage:</c> would otherwise point at the default database).
    /// </summary>
    public StorageConfig LoadStorage(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = ConfigFile.Read(path);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        (SolwatchConfig config, ConfigDiagnostics diagnostics) = Read(text, path, baseDir);
        if (diagnostics.Errors.Any(e => !OutsideStorage(e.Key)))
        {
            throw new ConfigException(diagnostics.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column));
        }
        return config.Storage;
    }

    private static bool OutsideStorage(string key)
    {
        int end = key.AsSpan().IndexOfAny('.', '[');
        string section = end < 0 ? key : key[..end];
        return SectionsBesideStorage.Contains(section, StringComparer.Ordinal);
    }

    /// <summary>Parses configuration <paramref name="yaml"/> named <paramref name="fileName"/> in error messages.</summary>
    public LoadedConfig Parse(string yaml, string fileName, string baseDirectory)
    {
        (SolwatchConfig config, ConfigDiagnostics diagnostics) = Read(yaml, fileName, baseDirectory);
        if (diagnostics.Errors.Count > 0)
        {
            throw new ConfigException(diagnostics.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column));
        }
        return new LoadedConfig(config, [.. diagnostics.ConsoleProblems]) { Warnings = [.. diagnostics.Warnings] };
    }

    /// <summary>
    /// Reads every section, collecting errors in the diagnostics it returns; throws <see cref="ConfigException"/>
    /// only when there is no mapping to read (not YAML, empty, a scalar or list).
    /// </summary>
    private (SolwatchConfig Config, ConfigDiagnostics Diagnostics) Read(string yaml, string fileName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new ConfigDiagnostics(fileName, _checkEnvironment);
        var stream = new YamlStream();
        var parser = new GuardedYamlParser(yaml, diagnostics);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // Syntax errors: YamlDotNet stops at the first one.
            throw parser.Stop(parser.Where(e), $"not valid YAML: {GuardedYamlParser.YamlMessage(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException
                                       or EndOfStreamException)
        {
            // The node builder throws these too on some event sequences it does not expect (EndOfStreamException: a
            // mapping the parser ended early, found by the fuzz test with seed 8VPCq_H6SCa2).
            throw parser.Stop(parser.Position, $"not valid YAML: the parser gave up here ({e.Message})");
        }
        if (diagnostics.Errors.Count > 0 && stream.Documents.Count == 0)
        {
            throw new ConfigException(diagnostics.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            diagnostics.Error(Mark.Empty, "", "the file is empty; see configs/solwatch.example.yaml");
            throw new ConfigException(diagnostics.Errors);
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            diagnostics.Error(stream.Documents[0].RootNode, "", "the file must be a mapping (key: value lines)");
            throw new ConfigException(diagnostics.Errors);
        }
        var root = new YamlMap(rootNode, "", diagnostics);
        var context = new ConfigReadContext(baseDirectory);
        SolwatchConfig config = ReadRoot(root, fileName, context);
        root.ReportUnknownKeys();
        return (config, diagnostics);
    }

    private SolwatchConfig ReadRoot(YamlMap root, string fileName, ConfigReadContext context)
    {
        StorageConfig storage = ReadStorage(root.Map("storage"), context);
        RetentionConfig retention = ReadRetention(root.Map("retention"));
        IncidentsConfig incidents = ReadIncidents(root.Map("incidents"));
        ApiConfig api = ReadApi(root.Map("api"));
        LoggingConfig logging = ReadLogging(root.Map("logging"), context);
        ImmutableArray<ConsoleConfig> consoles = ReadConsoles(root, context, storage.RawTranscripts);
        MetricsConfig metrics = MetricsConfigReader.Read(root.Map("metrics"));
        AlertsConfig alerts = AlertsConfigReader.Read(root.Map("alerts"), context);
        WebConfig web = WebConfigReader.Read(root.Map("web"), context);
        return new SolwatchConfig(fileName, storage, retention, incidents, api, logging, consoles) { Metrics = metrics, Alerts = alerts, Web = web };
    }

    private static StorageConfig ReadStorage(YamlMap? map, ConfigReadContext context)
    {
        string? database = map?.Text("database", required: false);
        string? transcripts = map?.Text("transcripts");
        RawTranscriptMode raw = map?.OneOf("rawTranscripts", "auto", "all", "none") is { } r
            ? Enum.Parse<RawTranscriptMode>(r, ignoreCase: true)
            : RawTranscriptMode.Auto;
        IncidentRetentionConfig retention = ReadIncidentRetention(map?.Map("retention"));
        map?.ReportUnknownKeys();
        return new StorageConfig(
            database is null ? DataPaths.Database : context.FullPath(database),
            transcripts is null ? DataPaths.Transcripts : context.FullPath(transcripts),
            raw)
        {
            Retention = retention,
        };
    }

    private static IncidentRetentionConfig ReadIncidentRetention(YamlMap? map)
    {
        int? maxMb = map?.Number("maxDatabaseMB", 1, 1_000_000, "a size in MB");
        int? maxDays = map?.Number("maxAgeDays", 1, 100_000, "a number of days");
        TimeSpan? window = map?.Duration("repeatWindow");
        map?.ReportUnknownKeys();
        return new IncidentRetentionConfig(maxMb, maxDays, window ?? TimeSpan.FromHours(24));
    }

    private static RetentionConfig ReadRetention(YamlMap? map)
    {
        TimeSpan transcripts = map?.Duration("transcripts") ?? TimeSpan.FromDays(30);
        long maxFileBytes = map?.Size("transcriptFileBytes") ?? 64L << 20;
        TimeSpan maxFileAge = map?.Duration("transcriptFileAge") ?? TimeSpan.FromDays(1);
        if (map is not null && maxFileBytes < 4096 && map.Has("transcriptFileBytes"))
        {
            map.Error("transcriptFileBytes", "must be at least 4KiB");
        }
        map?.ReportUnknownKeys();
        return new RetentionConfig(transcripts, maxFileBytes, maxFileAge);
    }

    private static IncidentsConfig ReadIncidents(YamlMap? map)
    {
        int context = map?.Number("contextLines", 0, 10_000) ?? 200;
        TimeSpan quiet = map?.Duration("quietPeriod") ?? TimeSpan.FromSeconds(10);
        RateLimitConfig rateLimit = ReadRateLimit(map?.Map("rateLimit"));
        TimeSpan hang = map?.Duration("kdumpHangAfter") ?? IncidentsConfig.DefaultKdumpHangAfter;
        if (map is not null && hang <= TimeSpan.Zero)
        {
            map.Error("kdumpHangAfter", "must be a positive duration, e.g. 10m (how long a capture kernel may print nothing before it is called hung)");
        }
        map?.ReportUnknownKeys();
        return new IncidentsConfig(context, quiet, rateLimit, hang);
    }

    private static RateLimitConfig ReadRateLimit(YamlMap? map)
    {
        RateLimitConfig d = RateLimitConfig.Default;
        int burst = map?.Number("burst", 0, 1_000_000) ?? d.Burst;
        TimeSpan every = map?.Duration("every") ?? d.Every;
        TimeSpan summaryAfter = map?.Duration("summaryAfter") ?? d.SummaryAfter;
        if (map is not null && every <= TimeSpan.Zero)
        {
            map.Error("every", "must be a positive duration (one more report per this period), e.g. 1m; set burst: 0 to turn the limit off");
        }
        if (map is not null && summaryAfter <= TimeSpan.Zero)
        {
            map.Error("summaryAfter", "must be a positive duration, e.g. 1h");
        }
        map?.ReportUnknownKeys();
        return new RateLimitConfig(burst, every, summaryAfter);
    }

    private static ApiConfig ReadApi(YamlMap? map)
    {
        string address = map?.Text("address") ?? "127.0.0.1";
        if (!IPAddress.TryParse(address, out IPAddress? ip) || !IPAddress.IsLoopback(ip))
        {
            map!.Error("address", $"{ConfigText.Show(address)} is not a loopback address; the API has no TLS, so it only listens on 127.0.0.1 or ::1");
        }
        int port = map?.Number("port", 0, 65535, "a port") ?? DefaultApiPort;
        map?.ReportUnknownKeys();
        return new ApiConfig(address, port);
    }

    private static LoggingConfig ReadLogging(YamlMap? map, ConfigReadContext context)
    {
        string? directory = map?.Text("directory");
        string level = map?.OneOf("level", "Verbose", "Debug", "Information", "Warning", "Error") ?? "Information";
        map?.ReportUnknownKeys();
        return new LoggingConfig(
            directory is null ? Path.Combine(DataPaths.DataDirectory, "logs") : context.FullPath(directory), level);
    }

    private ImmutableArray<ConsoleConfig> ReadConsoles(YamlMap root, ConfigReadContext context, RawTranscriptMode raw)
    {
        var consoles = ImmutableArray.CreateBuilder<ConsoleConfig>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<YamlNode> items = root.List("consoles");
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"consoles[{i}]";
            if (items[i] is not YamlMappingNode node)
            {
                root.Diagnostics.Error(items[i], path, "must be a mapping with name, type and the type's settings");
                continue;
            }
            var map = new YamlMap(node, path, root.Diagnostics);
            ConsoleConfig? console = ReadConsole(map, context, raw);
            // Names are compared whatever else is wrong with either console: the operator sees every mistake at once.
            if (map.Raw("name") is YamlScalarNode { Value: { } name } && ConsoleNames.IsValid(name))
            {
                if (names.TryGetValue(name, out string? first))
                {
                    map.Error("name", $"{name} is already the name of {first}; console names must be unique");
                    continue;
                }
                names[name] = path;
            }
            if (console is not null)
            {
                consoles.Add(console);
            }
        }
        if (items.Count == 0)
        {
            // Valid (a template whose consoles come later, by `solwatch reload`), but a first configuration that watches
            // nothing should not pass for a working one.
            root.Warning("consoles", "no console is configured: solwatch would run and watch nothing; add one under consoles: "
                                     + "(name, type and its settings; see configs/solwatch.example.yaml)");
        }
        return consoles.ToImmutable();
    }

    private ConsoleConfig? ReadConsole(YamlMap map, ConfigReadContext context, RawTranscriptMode raw)
    {
        int problemsBefore = map.Diagnostics.ConsoleProblems.Count;
        string? name = map.Text("name", required: true);
        if (name is not null && !ConsoleNames.IsValid(name))
        {
            map.Error("name", $"{ConfigText.Show(name)} is not a valid console name (letters, digits, '.', '_', '-'; at most 64)");
            name = null;
        }
        string? host = map.Text("host");
        bool readOnly = map.Bool("readOnly") ?? false;
        bool logLines = map.Bool("logLines") ?? false;
        bool? rawTranscript = map.Bool("rawTranscript");
        string? typeName = map.Text("type", required: true);
        if (typeName is null)
        {
            // Which other keys are right depends on the type: none is called unknown before the type is known, but
            // for a misspelling of type itself (typ:, tpye:), the likely reason it is missing.
            foreach (YamlNode key in map.Node.Children.Keys)
            {
                if (key is YamlScalarNode { Value: { } k } && Suggestions.Closest(k, ["type"]) is not null)
                {
                    map.Diagnostics.Error(key, map.KeyPath(ConfigText.ShowKey(k)), "unknown key; did you mean type?");
                }
            }
            return null;
        }
        IConsoleType? type = _types.Find(typeName);
        if (type is null)
        {
            map.Error("type", $"{ConfigText.Show(typeName)} is not a console type{Suggestions.DidYouMean(typeName, _types.Names)} (known: {string.Join(", ", _types.Names)})");
            return null;
        }
        ConsoleSettings? settings = type.Read(map, context);
        KdumpHostSettings? kdumpHost = KdumpHostSettings.Read(map, context);
        map.ReportUnknownKeys($"not a setting of type {typeName}");
        if (name is null || settings is null)
        {
            return null;
        }
        ConfigError? problem = map.Diagnostics.ConsoleProblems.Count > problemsBefore ? map.Diagnostics.ConsoleProblems[^1] : null;
        bool keepsRaw = rawTranscript ?? raw switch
        {
            RawTranscriptMode.All => true,
            RawTranscriptMode.None => false,
            _ => type.KeepsRawTranscript,
        };
        return new ConsoleConfig(name, host, typeName, readOnly, settings, problem, logLines, keepsRaw)
        {
            KdumpHost = kdumpHost,
            Definition = CanonicalYaml.Of(map.Node),
        };
    }
}

/// <summary>A loaded configuration and the consoles that cannot start (the others run).</summary>
/// <param name="Config">The configuration.</param>
/// <param name="ConsoleProblems">Per-console problems (each is also on its <see cref="ConsoleConfig.Problem"/>).</param>
public sealed record LoadedConfig(SolwatchConfig Config, ImmutableArray<ConfigError> ConsoleProblems)
{
    /// <summary>Valid settings that leave a feature of one console off, and why (see <see cref="ConfigDiagnostics.Warnings"/>).</summary>
    public ImmutableArray<ConfigError> Warnings { get; init; } = [];
}
