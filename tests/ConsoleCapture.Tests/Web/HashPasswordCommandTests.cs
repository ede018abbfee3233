using System.Diagnostics;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary><c>solwatch web hash-password</c>: the line it prints is a users-file line that logs in with the password given.</summary>
public sealed class HashPasswordCommandTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "solwatch"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process process = Process.Start(psi)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_printed_line_is_read_back_as_the_user_with_the_role_and_the_password()
    {
        (int code, string stdout, string stderr) = await RunAsync("s3cret words\n", "web", "hash-password", "--user", "ann", "--role", "operator");

        Assert.True(code == 0, stderr);
        await File.WriteAllTextAsync(_file, stdout);
        WebUser ann = Assert.Single(UsersFile.Read(_file).Values);
        Assert.Equal(("ann", WebRole.Operator), (ann.Name, ann.Role));
        Assert.True(PasswordHashing.Verify(ann.PasswordHash, "s3cret words"));
        Assert.False(PasswordHashing.Verify(ann.PasswordHash, "s3cret words\n"));
    }

    [Fact]
    public async Task An_unknown_role_and_an_empty_password_are_refused()
    {
        (int code, _, string stderr) = await RunAsync("pw\n", "web", "hash-password", "--user", "ann", "--role", "root");
        Assert.Equal(2, code);
        Assert.Contains("--role root: not one of viewer, operator, admin", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await RunAsync("", "web", "hash-password", "--user", "ann");
        Assert.Equal(2, code);
        Assert.Contains("no password given on standard input", stderr, StringComparison.Ordinal);
    }
}
