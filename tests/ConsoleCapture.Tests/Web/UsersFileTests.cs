using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>Password hashes and the users file.</summary>
public sealed class UsersFileTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void A_hash_verifies_its_own_password_only_and_is_salted()
    {
        string hash = PasswordHashing.Hash("correct horse");
        Assert.True(PasswordHashing.Verify(hash, "correct horse"));
        Assert.False(PasswordHashing.Verify(hash, "correct horsE"));
        Assert.NotEqual(hash, PasswordHashing.Hash("correct horse"));
        Assert.True(PasswordHashing.IsWellFormed(hash));
        Assert.False(PasswordHashing.Verify("not-a-hash", "correct horse"));
    }

    [Fact]
    public void Users_are_read_with_their_roles_and_comments_and_blank_lines_are_skipped()
    {
        File.WriteAllText(_file, $"# team\n\nann admin {PasswordHashing.Hash("a")}\n  bob\toperator {PasswordHashing.Hash("b")}\nvic viewer {PasswordHashing.Hash("v")}\n");
        var users = UsersFile.Read(_file);
        Assert.Equal([("ann", WebRole.Admin), ("bob", WebRole.Operator), ("vic", WebRole.Viewer)],
            users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => (u.Name, u.Role)));
        Assert.True(PasswordHashing.Verify(users["bob"].PasswordHash, "b"));
    }

    [Theory]
    [InlineData("ann admin", "line 1: give NAME ROLE HASH")]
    [InlineData("ann admin c2VjcmV0", "line 1: the hash of ann is not an ASP.NET Core Identity v3 hash")]
    public void A_bad_line_is_named_by_its_number(string line, string expected)
    {
        File.WriteAllText(_file, line + "\n");
        Assert.Contains(expected, Assert.Throws<UsersFileException>(() => UsersFile.Read(_file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_named_twice_is_refused()
    {
        string hash = PasswordHashing.Hash("x");
        File.WriteAllText(_file, $"ann admin {hash}\nann viewer {hash}\n");
        Assert.Contains("line 2: user ann is already named on an earlier line", Assert.Throws<UsersFileException>(() => UsersFile.Read(_file)).Message, StringComparison.Ordinal);
    }
}
