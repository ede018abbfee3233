using System.CommandLine;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;

namespace SolWatch.ConsoleCapture.Cli.Tail;

/// <summary><c>solwatch tail CONSOLE [--since T]</c>: follow a console live (from its transcript first). Lines are
/// escaped for the terminal (<see cref="TerminalText"/>), with <c>--json</c> exact.</summary>
internal static class TailCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var console = new Argument<string>("CONSOLE") { Description = "the console's name (solwatch consoles)" };
        var command = new Command("tail", "Follow a console's text live; with --since, start with its transcript from that time.")
        {
            console, o.Since, o.Json,
        };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            DateTimeOffset? since = TimeArgument.Parse(parse.GetValue(o.Since), DateTimeOffset.UtcNow, "--since");
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            bool json = parse.GetValue(o.Json);
            // Console text on a terminal is escaped (TerminalText); --json is exact.
            TextWriter output = json ? Console.Out : TerminalText.Writer(Console.Out);
            await foreach (TailLine line in data.TailAsync(parse.GetValue(console)!, since, ct))
            {
                await output.WriteLineAsync(json ? TerminalText.EscapeJson(JsonSerializer.Serialize(line, ApiJson.Options)) : line.Text);
                await output.FlushAsync(ct);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
