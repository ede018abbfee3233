using System.Text;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>What a file at the database path is, judged from its first bytes only (never by opening it with LiteDB).</summary>
internal enum DatabaseFileKind
{
    /// <summary>No file: the store creates one.</summary>
    Missing,

    /// <summary>Zero bytes (e.g. created by <c>touch</c> or an installer): the store may initialise it.</summary>
    Empty,

    /// <summary>Starts with LiteDB's header page (version 8, the format of LiteDB 5).</summary>
    LiteDb,

    /// <summary>Starts like a LiteDB 5 database but is shorter than its header says: pages are missing.</summary>
    Truncated,

    /// <summary>Anything else: never overwritten.</summary>
    Foreign,
}

/// <summary>Reads the header of a database file and names what it is.</summary>
internal static class DatabaseFileFormat
{
    /// <summary>LiteDB 5's page size; its first page is the header.</summary>
    public const int PageSize = 8192;

    // LiteDB 5 (HeaderPage): "** This is a LiteDB file **" at byte 32, the file format version (8) at byte 59.
    private const int HeaderInfoOffset = 32;
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private const int LastPageIdOffset = 64;
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>The kind of the file, and for a foreign one a short description ("a SQLite database").</summary>
    public static (DatabaseFileKind Kind, string Description) Inspect(string path)
    {
        // Before File.Exists: it is false for a directory and true for a device, neither of which is a database.
        if (Files.FileKind.Of(path) is { } kind && kind != Files.PathKind.RegularFile)
        {
            return (DatabaseFileKind.Foreign, kind == Files.PathKind.Directory
                ? $"a directory (storage.database names the file itself, e.g. {System.IO.Path.Combine(path, "incidents.db")})"
                : Files.FileKind.Describe(kind));
        }
        if (!File.Exists(path))
        {
            return (DatabaseFileKind.Missing, "no file");
        }

        var head = new byte[PageSize];
        int read;
        long length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0))
        {
            length = stream.Length;
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (length == 0)
        {
            return (DatabaseFileKind.Empty, "an empty file");
        }

        var bytes = head.AsSpan(0, read);
        if (bytes.Length > FileVersionOffset
            && bytes.Slice(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(HeaderInfo))
        {
            if (bytes[FileVersionOffset] != FileVersion)
            {
                return (DatabaseFileKind.Foreign, $"a LiteDB database of another format version ({bytes[FileVersionOffset]})");
            }

            // The header page itself cut short, or fewer whole pages than the header's last page id: LiteDB would
            // cut the file to whole pages and, for a torn header, start an empty database over it. (The data
            // file's header lags behind the log, never ahead of the file, so a sound file always has its pages.)
            var pages = length / PageSize;
            var lastPageId = read >= PageSize ? BitConverter.ToUInt32(bytes.Slice(LastPageIdOffset, 4)) : 0;
            if (read < PageSize || lastPageId + 1L > pages)
            {
                return (DatabaseFileKind.Truncated,
                    $"a LiteDB database cut short ({length} bytes, {(read < PageSize ? "its header page torn" : $"{lastPageId + 1L} pages expected")})");
            }

            return (DatabaseFileKind.LiteDb, "a LiteDB 5 database");
        }

        return (DatabaseFileKind.Foreign, Describe(bytes));
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("SQLite format 3\0"u8))
        {
            return "a SQLite database";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "a PNG image";
        }

        if (bytes[0] == 1 && bytes.Length >= PageSize)
        {
            return "an encrypted LiteDB database (SolWatch never encrypts its database)";
        }

        var printable = 0;
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r' or (byte)'\t' || b is >= 0x20 and < 0x7f || b >= 0x80)
            {
                printable++;
            }
        }

        if (printable == bytes.Length)
        {
            return "a text file";
        }

        return $"not a database (it starts with {Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)])})";
    }

    /// <summary>The message for a file the store refuses to touch.</summary>
    public static string NotOurs(string path, string description) =>
        Files.FileKind.NotRegular(path) is not null
            // Never "move it aside": the path may be /dev/null or /var/lib.
            ? $"{path} is {description}, not a database file; set storage.database (or --db) to the path of a file; nothing was done to it"
            : $"{path} is {description}, not a SolWatch incident database; SolWatch does not overwrite it. Move it aside " +
              "(or set storage.database to another path) and start again; if it is a damaged SolWatch database, " +
              $"`solwatch db rebuild --db {path}` salvages what can still be read";

    /// <summary>What <c>solwatch db check</c> says of a file that is not a SolWatch database: nothing is being started,
    /// so not <see cref="NotOurs"/>'s "move it aside and start again", but whether <c>--db</c> names the right file.</summary>
    public static string NotOursToCheck(string path, string description) =>
        Files.FileKind.NotRegular(path) is not null
            ? $"{path} is {description}, not a database file; give --db the daemon's storage.database"
            : $"{path} is {description}, not a SolWatch incident database: is --db the daemon's storage.database? If it is " +
              $"a damaged SolWatch database, `solwatch db rebuild --db {path}` salvages what can still be read";

    /// <summary>The message for a SolWatch (LiteDB) file that opened but fails a read.</summary>
    public static string DamagedRead(string path, string error) =>
        $"{path} is damaged: a read failed ({error}). Run `solwatch db check --db {path}` to see what is readable, " +
        $"then `solwatch db rebuild --db {path}` to salvage every readable incident into a fresh database (the " +
        "damaged file is kept beside it)";

    /// <summary>The message for a SolWatch (LiteDB) file that cannot be opened.</summary>
    public static string Damaged(string path, string error) =>
        $"{path} looks like a LiteDB database but cannot be opened ({error}); it may be damaged. Run " +
        $"`solwatch db check --db {path}` to see what is readable, then `solwatch db rebuild --db {path}` to salvage " +
        "every readable incident into a fresh database (the damaged file is kept beside it)";
}
