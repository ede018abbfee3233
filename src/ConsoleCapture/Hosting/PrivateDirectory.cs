namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>Directories and files the daemon creates hold console text and tokens: owner-only.</summary>
internal static class PrivateDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            // Every directory we create on the way is owner-only, not just the last one.
            string full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
            {
                Create(parent);
            }
            Directory.CreateDirectory(full, OwnerOnly);
        }
    }

    /// <summary>Writes <paramref name="content"/> to a new 0600 file (replacing any old one atomically).</summary>
    public static void WriteSecretFile(string path, string content)
    {
        string temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        File.Delete(temp);
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // A full disk: no half-written copy of a secret is left behind (nor the space it takes).
            File.Delete(temp);
            throw;
        }
    }
}
