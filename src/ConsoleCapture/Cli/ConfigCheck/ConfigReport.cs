using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.ConfigCheck;

/// <summary>
/// Loads a configuration for a verb (<c>run</c>, <c>config check</c>) and, when it is invalid, prints every error
/// as one FILE:LINE:COL list and a count: never a stack trace.
/// </summary>
internal static class ConfigReport
{
    /// <summary>
    /// Loads <paramref name="path"/>; on errors writes them to <paramref name="errors"/>, then
    /// <c>solwatch: N configuration errors</c> and <paramref name="consequence"/>, and returns false.
    /// </summary>
    public static bool TryLoad(string path, TextWriter errors, string consequence, [NotNullWhen(true)] out LoadedConfig? loaded)
    {
        try
        {
            loaded = new ConfigLoader().Load(path);
            return true;
        }
        catch (ConfigException e)
        {
            Write(e, errors, consequence);
            loaded = null;
            return false;
        }
    }

    /// <summary>Most errors listed: past that, the file is more likely the wrong one than a hundred mistakes.</summary>
    public const int MaxListed = 100;

    /// <summary>Writes the errors of <paramref name="e"/> one a line (the first <see cref="MaxListed"/>), then their count.</summary>
    public static void Write(ConfigException e, TextWriter errors, string consequence)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(consequence);
        if (e.Errors.IsEmpty)
        {
            errors.WriteLine(e.Message);
        }
        foreach (ConfigError error in e.Errors.Take(MaxListed))
        {
            errors.WriteLine(error.ToString());
        }
        if (e.Errors.Length > MaxListed)
        {
            errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… and {e.Errors.Length - MaxListed} more (is this the right file?)"));
        }
        int count = Math.Max(1, e.Errors.Length);
        errors.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solwatch: {count} configuration error{(count == 1 ? "" : "s")}{(consequence.Length == 0 ? "" : "; " + consequence)}"));
    }
}
