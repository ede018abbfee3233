using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>Settings that are a collector's own options record (validated by its constructor).</summary>
/// <typeparam name="TOptions">The collector's options record.</typeparam>
/// <param name="Options">The validated options.</param>
/// <param name="Describe">Endpoint text for logs and <c>solwatch consoles</c>.</param>
/// <param name="Create">Makes the collector from the options.</param>
public sealed record CollectorSettings<TOptions>(TOptions Options, string Describe, Func<TOptions, IConsoleCollector> Create) : ConsoleSettings
{
    /// <inheritdoc />
    public override string Endpoint => Describe;

    /// <inheritdoc />
    public override IConsoleCollector CreateCollector(CollectorContext context) => Create(Options);

}

/// <summary>Builds <see cref="CollectorSettings{TOptions}"/> from a collector's options constructor.</summary>
public static class CollectorSettings
{
    /// <summary>
    /// Builds the options with <paramref name="build"/>; the collector's own validation message (an
    /// <see cref="ArgumentException"/>) becomes an error located at the console's <paramref name="key"/>.
    /// </summary>
    public static CollectorSettings<TOptions>? Build<TOptions>(
        YamlMap console, string key, Func<TOptions> build, Func<TOptions, string> describe, Func<TOptions, IConsoleCollector> create)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(describe);
        try
        {
            TOptions options = build();
            return new CollectorSettings<TOptions>(options, describe(options), create);
        }
        catch (ArgumentException e)
        {
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            console.Error(key, message);
            return null;
        }
    }
}
