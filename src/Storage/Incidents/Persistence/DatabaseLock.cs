using System.Collections.Concurrent;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// Makes sure one process, and one store in it, owns a database file. LiteDB's direct mode assumes a single owner
/// but does not enforce it across processes (its files are opened with shared locks), and two writers corrupt the
/// file. We hold an exclusive lock on <c>PATH.lock</c> (flock through FileShare.None) for the store's lifetime;
/// the kernel drops it when the process dies, even by <c>kill -9</c>, so a stale lock file never blocks a restart.
/// </summary>
internal sealed class DatabaseLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, bool> OpenInThisProcess = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly FileStream _lockFile;

    private DatabaseLock(string path, FileStream lockFile)
    {
        _path = path;
        _lockFile = lockFile;
    }

    public static DatabaseLock Acquire(string fullPath)
    {
        if (!OpenInThisProcess.TryAdd(fullPath, true))
        {
            throw new InvalidOperationException(
                $"The incident database {fullPath} is already open in this process; LiteDB allows one " +
                "LiteDatabase per file per process: share the one IncidentStore instead of opening it again.");
        }

        try
        {
            var lockPath = fullPath + ".lock";
            var lockFile = new FileStream(
                lockPath, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return new DatabaseLock(fullPath, lockFile);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            OpenInThisProcess.TryRemove(fullPath, out _);
            throw new StoreUnavailableException(InUseMessage(fullPath), ex);
        }
        catch
        {
            OpenInThisProcess.TryRemove(fullPath, out _);
            throw;
        }
    }

    public static string InUseMessage(string fullPath) =>
        $"the database {fullPath} is in use by a running solwatch daemon; ask it (solwatch incidents … talks to " +
        "the daemon's API) or stop it";

    public void Dispose()
    {
        _lockFile.Dispose();
        OpenInThisProcess.TryRemove(_path, out _);
    }
}
