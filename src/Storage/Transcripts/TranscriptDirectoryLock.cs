using SolWatch.Storage.Files;
using SolWatch.Storage.Incidents;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Makes one writer own a transcripts directory. Two daemons with different databases but the same transcripts
/// directory (a configuration that sets only <c>storage.database</c> takes the default directory) each appended to
/// <c>current.log</c> from their own file offset, writing over each other's lines, with nothing lost counted. We hold
/// an exclusive lock (flock through FileShare.None) on <see cref="FileName"/> in the directory for the store's life;
/// the kernel drops it when the process dies, so a stale file never blocks a restart. Console directories never
/// start with '.', so the file cannot be taken for one.
/// </summary>
internal sealed class TranscriptDirectoryLock : IDisposable
{
    /// <summary>The lock file's name inside the transcripts directory.</summary>
    public const string FileName = ".solwatch-writer.lock";

    private readonly FileStream _lockFile;

    private TranscriptDirectoryLock(FileStream lockFile) => _lockFile = lockFile;

    /// <summary>Locks <paramref name="directory"/> (existing); throws <see cref="StoreUnavailableException"/> when another writer holds it.</summary>
    public static TranscriptDirectoryLock Acquire(string directory)
    {
        string path = Path.Combine(directory, FileName);
        try
        {
            return new TranscriptDirectoryLock(new FileStream(path, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreUnavailableException(
                $"the transcripts directory {directory} is in use by another running solwatch daemon; two daemons writing one " +
                "console's transcript overwrite each other's lines: give this one its own storage.transcripts (or --data-dir), " +
                "or stop the other", ex);
        }
    }

    public void Dispose() => _lockFile.Dispose();
}
