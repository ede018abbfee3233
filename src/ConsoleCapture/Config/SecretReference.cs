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
    /// <paramref name="context"/>, a relative file path is relative to the configuration file. A value that is not
    /// plainly a variable name or a path is never repeated in an error either: it may be the secret itself, written
    /// where its name was expected.
    /// </summary>
    public static SecretReference? Read(YamlMap map, string prefix = "password", bool required = false, ConsoleTypes.ConfigReadContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Raw(prefix) is not null)
        {
            map.Error(prefix, $"secrets are not allowed in the configuration file; use {prefix}Env (an environment variable) or {prefix}File (a file only its owner can read)");
        }
        string? env = map.Text(prefix + "Env");
        string? writtenFile = map.Text(prefix + "File");
        string? file = writtenFile;
        if (file is { Length: > 0 } && context is not null)
        {
            file = context.FullPath(file);
        }
        if (env is not null && !ConfigText.IsEnvironmentVariableName(env))
        {
            map.Error(prefix + "Env",
                $"the value is not an environment variable name (it looks like a secret itself; it is not shown): set {prefix}Env to the NAME of a variable that holds the {What(prefix)}");
            return null;
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
                map.Error(prefix + "Env", ConfigText.IsConventionalVariableName(env)
                    ? $"environment variable {env} is not set"
                    : $"the environment variable named here is not set; its name is not in the usual UPPER_CASE, so it may be the {What(prefix)} itself (it is not shown): set {prefix}Env to the NAME of a variable that holds the {What(prefix)}");
            }
            return new SecretReference(env, null);
        }
        if (file is not null)
        {
            return !map.Diagnostics.CheckEnvironment || CheckFile(map, prefix, file, ConfigText.LooksLikePath(writtenFile!)) ? new SecretReference(null, file) : null;
        }
        if (required)
        {
            map.Error(prefix + "Env", $"is required (or {prefix}File)");
        }
        return null;
    }

    /// <summary>What the secret is, in messages.</summary>
    private static string What(string prefix) => prefix switch
    {
        "kg" => "BMC key (Kg)",
        "key" => "private key",
        "keyPassphrase" => "private key's passphrase",
        _ => prefix,
    };

    private static bool CheckFile(YamlMap map, string prefix, string file, bool showable)
    {
        string key = prefix + "File";
        if (!File.Exists(file))
        {
            map.Error(key, showable
                ? $"{file} does not exist"
                : $"the file given does not exist; the value does not look like a path, so it may be the {What(prefix)} itself (it is not shown): set {key} to the path of a file that holds the {What(prefix)}");
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
