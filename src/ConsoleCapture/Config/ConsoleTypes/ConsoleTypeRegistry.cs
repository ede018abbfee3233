using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>The console types the daemon knows, by <c>type:</c> name.</summary>
public sealed class ConsoleTypeRegistry
{
    private readonly ImmutableSortedDictionary<string, IConsoleType> _types;

    /// <summary>Creates a registry of <paramref name="types"/>.</summary>
    public ConsoleTypeRegistry(IEnumerable<IConsoleType> types)
    {
        _types = types.ToImmutableSortedDictionary(t => t.Name, t => t, StringComparer.Ordinal);
    }

    /// <summary>Every type built into this solwatch.</summary>
    public static ConsoleTypeRegistry Default { get; } = new(
    [
        new SerialConsoleType(),
        new TcpConsoleType(),
        new TelnetConsoleType(),
        new ExecConsoleType(),
        new FileConsoleType(),
        new NetconsoleConsoleType(),
        new ReplayConsoleType(),
        new IpmiConsoleType(),
        new SshConsoleType(),
    ]);

    /// <summary>Type names, sorted (for error messages).</summary>
    public IEnumerable<string> Names => _types.Keys;

    /// <summary>The type called <paramref name="name"/>, or null.</summary>
    public IConsoleType? Find(string name) => _types.GetValueOrDefault(name);

    /// <summary>A registry with <paramref name="type"/> added (tests, plugins).</summary>
    public ConsoleTypeRegistry With(IConsoleType type) => new(_types.Values.Append(type));
}
