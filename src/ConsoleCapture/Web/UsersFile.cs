using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The dashboard's users file (<c>web.usersFile</c>): one user a line, <c>NAME ROLE HASH</c> separated by blanks,
/// <c>#</c> comments and blank lines ignored. <c>solwatch web hash-password --user NAME --role ROLE</c> prints a line.
/// Read at every login, so an edit takes effect without a restart.
/// </summary>
public static class UsersFile
{
    /// <summary>The users of <paramref name="path"/> by name; throws <see cref="UsersFileException"/> naming the bad line.</summary>
    public static ImmutableDictionary<string, WebUser> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsersFileException($"cannot read {path}: {e.Message}");
        }
        var users = ImmutableDictionary.CreateBuilder<string, WebUser>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string[] parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string where = $"{path} line {i + 1}";
            if (parts.Length != 3)
            {
                throw new UsersFileException($"{where}: give NAME ROLE HASH (solwatch web hash-password --user NAME --role ROLE prints such a line)");
            }
            if (!WebRoles.TryParse(parts[1], out WebRole role))
            {
                throw new UsersFileException($"{where}: role {parts[1]} is not one of {string.Join(", ", WebRoles.Names)}");
            }
            if (!PasswordHashing.IsWellFormed(parts[2]))
            {
                throw new UsersFileException($"{where}: the hash of {parts[0]} is not an ASP.NET Core Identity v3 hash (make one with solwatch web hash-password)");
            }
            if (!users.TryAdd(parts[0], new WebUser(parts[0], role, parts[2])))
            {
                throw new UsersFileException($"{where}: user {parts[0]} is already named on an earlier line");
            }
        }
        return users.ToImmutable();
    }
}

/// <summary>A users file that cannot be read or has a bad line.</summary>
public sealed class UsersFileException(string message) : Exception(message);
