using System.Collections;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// The environment an exec console's command runs with: a minimal one, never the daemon's whole environment. Why:
/// the daemon's environment holds every console's secrets (<c>passwordEnv</c>), and one console's command (a script,
/// <c>kubectl</c>, anything) must not read another's BMC password from its own environment.
/// </summary>
public static class ExecEnvironment
{
    /// <summary>The daemon's variables every command gets (when set): where programs are, who and where it runs, locale.</summary>
    public static readonly IReadOnlyList<string> Kept = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TERM", "TZ"];

    /// <summary>The search path a command gets when the daemon has none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// The command's variables: <see cref="Kept"/> and <c>LC_*</c> from <paramref name="daemon"/>, then the daemon's
    /// variables <paramref name="options"/> passes by name, then the options' own variables (which win), then
    /// <see cref="ExecOwner.Variable"/>, the mark of this daemon.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(ExecCollectorOptions options, IDictionary daemon)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(daemon);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in daemon)
        {
            if (entry is { Key: string name, Value: string value }
                && (Kept.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal) || options.PassEnvironment.Contains(name)))
            {
                result[name] = value;
            }
        }
        result.TryAdd("PATH", DefaultPath);
        foreach ((string name, string value) in options.Environment)
        {
            result[name] = value;
        }
        // Last, so that no console's own variables can hide it: which daemon the command works for (ExecOwner).
        if (ExecOwner.OfThisProcess is { } owner)
        {
            result[ExecOwner.Variable] = owner;
        }
        return result;
    }

    /// <summary>Whether <paramref name="name"/> is a portable environment variable name.</summary>
    public static bool IsName(string name) =>
        name is { Length: > 0 } && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
