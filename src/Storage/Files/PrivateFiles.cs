namespace SolWatch.Storage.Files;

/// <summary>
/// Creates directories (0700) and files (0600) readable by the daemon's user only: console output and crash reports
/// can contain anything (hostnames, tokens typed at a prompt). Modes are set explicitly after creation because the
/// create modes are filtered by the process umask.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory (and missing parents) when needed; a directory we create gets 0700.</summary>
    public static void EnsureDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return;
        }

        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        if (!string.IsNullOrEmpty(parent))
        {
            EnsureDirectory(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        System.IO.Directory.CreateDirectory(path, DirectoryMode);
        SetMode(path, DirectoryMode);
    }

    /// <summary>Creates the file (0600) if missing; an existing file gets 0600 as well.</summary>
    public static void EnsureFile(string path)
    {
        if (!File.Exists(path))
        {
            using var stream = OpenAppend(path);
        }

        SetMode(path, FileMode);
    }

    /// <summary>Opens a file for appending, creating it with mode 0600.</summary>
    public static FileStream OpenAppend(string path)
    {
        // No FileStream buffer: the transcript writer hands over whole batches and must know what reached the file.
        var stream = new FileStream(path, Options(System.IO.FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0));
        SetMode(path, FileMode);
        return stream;
    }

    /// <summary>Opens a new file (replacing any) for writing with mode 0600.</summary>
    public static FileStream Create(string path)
    {
        var stream = new FileStream(path, Options(System.IO.FileMode.Create, FileAccess.Write, FileShare.None));
        SetMode(path, FileMode);
        return stream;
    }

    /// <summary>Stream options that create the file 0600 (before the umask; <see cref="SetMode"/> fixes it after).</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
