namespace SolWatch.ConsoleCapture.Config;

/// <summary>Default locations: the user's data directory ($XDG_DATA_HOME/solwatch or ~/.local/share/solwatch).</summary>
public static class DataPaths
{
    /// <summary>The default data directory.</summary>
    public static string DataDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            // DoNotVerify: without it a home directory that does not exist yet (a service user's) gives "", and the
            // data would land in the working directory under a relative path. With it, the daemon creates the home's
            // data directory, or says plainly that it cannot.
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
            string baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Path.GetFullPath(string.IsNullOrEmpty(home) ? "." : home), ".local", "share");
            return Path.Combine(baseDir, "solwatch");
        }
    }

    /// <summary>The default incident database.</summary>
    public static string Database => Path.Combine(DataDirectory, "incidents.db");

    /// <summary>The default transcripts directory.</summary>
    public static string Transcripts => Path.Combine(DataDirectory, "transcripts");

    /// <summary>The API token file that belongs to <paramref name="database"/> (next to it).</summary>
    public static string TokenFileFor(string database) => database + ".api.json";
}
