using System.CommandLine;
using System.Text;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Cli.Web;

/// <summary>
/// <c>solwatch web url</c>: a one-time login link to the running daemon's dashboard (as the local admin: whoever can
/// read the daemon's token file is that already). <c>solwatch web hash-password --user NAME --role ROLE</c>: reads a
/// password from standard input and prints the users-file line for it.
/// </summary>
internal static class WebCommand
{
    public static Command Create()
    {
        var command = new Command("web", "The web dashboard: one-time login links and users-file entries.");
        command.Subcommands.Add(Url());
        command.Subcommands.Add(HashPassword());
        return command;
    }

    private static Command Url()
    {
        var o = new CommonOptions();
        var command = new Command("url", "Print a one-time link that logs a browser into the dashboard as the local admin (valid 5 minutes, once).");
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            if (data is not DaemonClient daemon)
            {
                throw o.NoDaemon(parse, data, "the dashboard is served by solwatch run");
            }
            LoginLink link = await daemon.LoginLinkAsync(Environment.UserName, ct);
            Console.Out.WriteLine(link.Url);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command HashPassword()
    {
        var user = new Option<string>("--user") { Description = "the login name", Required = true };
        var role = new Option<string>("--role") { Description = $"one of {string.Join(", ", WebRoles.Names)}", DefaultValueFactory = _ => "viewer" };
        var command = new Command("hash-password", "Read a password from standard input and print the users-file line (NAME ROLE HASH; PBKDF2, ASP.NET Core Identity v3 format).") { user, role };
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(() =>
        {
            string name = parse.GetValue(user)!;
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || name.StartsWith('#'))
            {
                throw new CliException("--user: a name without blanks or control characters, not starting with #");
            }
            if (!WebRoles.TryParse(parse.GetValue(role)!, out WebRole r))
            {
                throw new CliException($"--role {TerminalText.Escape(parse.GetValue(role)!)}: not one of {string.Join(", ", WebRoles.Names)}");
            }
            string password = ReadPassword();
            if (password.Length == 0)
            {
                throw new CliException("no password given on standard input");
            }
            Console.Out.WriteLine($"{name} {r.Name()} {PasswordHashing.Hash(password)}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    // From a pipe: its first line. From a terminal: typed without echo.
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }
        Console.Error.Write("password: ");
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
