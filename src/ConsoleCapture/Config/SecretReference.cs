namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Where a console's secret lives: an environment variable or a file readable by its owner only — never the YAML.
/// Holds the reference, not the secret: <see cref="ToString"/> is safe to log, and <see cref="Resolve"/> reads the
/// value only when a collector connects.
/// </summary>
/// <param name="EnvironmentVariable">Name of the environment variable holding the secret, or null.</param>
/// <param name="FilePath">Path of the file holding the secret, or null.</param>
public sealed record SecretReference(string? EnvironmentVariable, string? FilePath)
{
    /// <summary>Reads the secret (a file's trailing newline is not part of it).</summary>
    /// <exception cref="InvalidOperationException">The variable is unset or the file unreadable (the message names it, not its content).</exception>
    public string Resolve()
    {
        if (EnvironmentVariable is not null)
        {
            return Environment.GetEnvironmentVariable(EnvironmentVariable)
                ?? throw new InvalidOperationException($"environment variable {EnvironmentVariable} is not set");
        }
        if (FilePath is not null)
        {
            try
            {
                return File.ReadAllText(FilePath).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot read secret file {FilePath}: {e.Message}", e);
            }
        }
        throw new InvalidOperationException("no secret configured");
    }

    /// <summary>Says where the secret comes from, never what it is.</summary>
    public override string ToString() =>
        EnvironmentVariable is not null ? $"env:{EnvironmentVariable}" : $"file:{FilePath}";

    /// <summary>
    /// Reads <c>{prefix}Env</c> / <c>{prefix}File</c> from <paramref name="map"/>; a plain <c>{prefix}</c> key is an
    /// error (its value is never repeated), and so is a file that group or others can read. With
    /// <paramref name="context"/>, a relative file path is relative to the configuration file.
    /// </summary>
    public static SecretReference? Read(YamlMap map, string prefix = "password", bool required = false, ConsoleTypes.ConfigReadContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Raw(prefix) is not null)
        {
            map.Error(prefix, $"secrets are not allowed in the configuration file; use {prefix}Env (an environment variable) or {prefix}File (a file only its owner can read)");
        }
        string? env = map.Text(prefix + "Env");
        string? file = map.Text(prefix + "File");
        if (file is { Length: > 0 } && context is not null)
        {
            file = context.FullPath(file);
        }
        if (env is not null && file is not null)
        {
            map.Error(prefix + "File", $"give either {prefix}Env or {prefix}File, not both");
            return null;
        }
        if (env is not null)
        {
            if (map.Diagnostics.CheckEnvironment && Environment.GetEnvironmentVariable(env) is null)
            {
                map.Error(prefix + "Env", $"environment variable {env} is not set");
            }
            return new SecretReference(env, null);
        }
        if (file is not null)
        {
            return !map.Diagnostics.CheckEnvironment || CheckFile(map, prefix + "File", file) ? new SecretReference(null, file) : null;
        }
        if (required)
        {
            map.Error(prefix + "Env", $"is required (or {prefix}File)");
        }
        return null;
    }

    private static bool CheckFile(YamlMap map, string key, string file)
    {
        if (!File.Exists(file))
        {
            map.Error(key, $"{file} does not exist");
            return false;
        }
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(file);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & others) != 0)
            {
                map.Error(key, $"{file} can be read by group or others; run: chmod 600 {file}");
                return false;
            }
        }
        return true;
    }
}
