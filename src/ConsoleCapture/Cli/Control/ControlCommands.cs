using System.CommandLine;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;

namespace SolWatch.ConsoleCapture.Cli.Control;

/// <summary>
/// <c>solwatch send CONSOLE TEXT</c>, <c>solwatch break CONSOLE</c>, <c>solwatch sysrq CONSOLE KEY</c>: write to a
/// console through the running daemon (which holds the console's only connection). The daemon refuses read-only
/// consoles and logs each write with the local user name sent here.
/// </summary>
internal static class ControlCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Send();
        yield return Break();
        yield return Sysrq();
    }

    private static Command Send()
    {
        var o = new CommonOptions();
        var console = new Argument<string>("CONSOLE") { Description = "the console's name (solwatch consoles)" };
        var text = new Argument<string>("TEXT") { Description = "text to type; escapes \\r \\n \\t \\e \\\\ \\x00-\\x7F are understood" };
        var noEnter = new Option<bool>("--no-enter") { Description = "do not press Enter (\\r) after the text" };
        var command = new Command("send", "Type text into a console through the running daemon (Enter is pressed after it).") { console, text, noEnter };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            string typed = Unescape(parse.GetValue(text)!) + (parse.GetValue(noEnter) ? "" : "\r");
            await PostAsync(o, parse, parse.GetValue(console)!, "send", new ControlRequest(Text: typed, User: Environment.UserName), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Break()
    {
        var o = new CommonOptions();
        var console = new Argument<string>("CONSOLE") { Description = "the console's name (solwatch consoles)" };
        var command = new Command("break", "Send a serial break to a console through the running daemon.") { console };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await PostAsync(o, parse, parse.GetValue(console)!, "break", new ControlRequest(User: Environment.UserName), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Sysrq()
    {
        var o = new CommonOptions();
        var console = new Argument<string>("CONSOLE") { Description = "the console's name (solwatch consoles)" };
        var key = new Argument<string>("KEY") { Description = "the SysRq key: t (tasks), w (blocked tasks), l (backtraces), c (crash!)..." };
        var command = new Command("sysrq", "Magic SysRq over a serial console: a break, then KEY, through the running daemon.") { console, key };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            await PostAsync(o, parse, parse.GetValue(console)!, "sysrq", new ControlRequest(Key: parse.GetValue(key), User: Environment.UserName), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Sends a console control request to the running daemon; returns its status text.</summary>
    internal static async Task<string> PostAsync(CommonOptions o, ParseResult parse, string console, string action, ControlRequest request, CancellationToken ct)
    {
        await using IDaemonData data = await o.OpenAsync(parse, ct);
        if (data is not DaemonClient daemon)
        {
            throw o.NoDaemon(parse, data, "only the running daemon (solwatch run) holds the console connections");
        }
        return await daemon.ControlAsync(console, action, request, ct);
    }

    /// <summary>Turns the escapes a shell cannot type easily (\r \n \t \e \xHH \\) into their characters.</summary>
    internal static string Unescape(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }
            char e = text[++i];
            switch (e)
            {
                case 'r': sb.Append('\r'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'e': sb.Append('\u001b'); break;
                case '\\': sb.Append('\\'); break;
                // ASCII only: the text travels as UTF-8, where 0x80-0xFF would become two bytes.
                case 'x' when i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out byte b) && b < 0x80:
                    sb.Append((char)b);
                    i += 2;
                    break;
                default:
                    throw new CliException($"TEXT: unknown escape \\{e} (known: \\r \\n \\t \\e \\\\ and \\x00-\\x7F)");
            }
        }
        return sb.ToString();
    }
}
