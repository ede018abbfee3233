namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// The one line a daemon that cannot open its stores ends with. .NET's "Access to the path '…/incidents.db.lock' is
/// denied." named a file the user never chose and no way out; a data directory the daemon's user cannot write is the
/// usual cause (a read-only mount, a directory made by root for a service user).
/// </summary>
internal static class StoreOpenFailure
{
    public static string Describe(Exception e, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is not UnauthorizedAccessException)
        {
            return e.Message;
        }
        string fix = configFile is null
            ? "give --data-dir a directory this user can write"
            : $"set storage.database and storage.transcripts in {configFile} to a directory this user can write (or give --data-dir)";
        return $"{e.Message} The user {Environment.UserName} cannot write there: {fix}; nothing started";
    }
}
