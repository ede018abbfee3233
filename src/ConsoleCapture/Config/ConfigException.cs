using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>The configuration is invalid; <see cref="Errors"/> lists every problem found (not just the first).</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ConfigException(IEnumerable<ConfigError> errors)
        : this(errors.ToImmutableArray())
    {
    }

    private ConfigException(ImmutableArray<ConfigError> errors)
        : base(string.Join('\n', errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with one message (for callers that have no YAML location).</summary>
    public ConfigException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with one message and its cause.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with no detail.</summary>
    public ConfigException()
        : this("invalid configuration")
    {
    }

    /// <summary>Every problem found, in file order.</summary>
    public ImmutableArray<ConfigError> Errors { get; }
}
