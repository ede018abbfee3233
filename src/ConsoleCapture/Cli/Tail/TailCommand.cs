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
            if (data is DatabaseFile file)
            {
                await CheckKnownAsync(file, parse.GetValue(console)!);
            }
            // Console text on a terminal is escaped (TerminalText); --json is exact.
            TextWriter output = json ? Console.Out : TerminalText.Writer(Console.Out);
            await foreach (TailLine line in data.TailAsync(parse.GetValue(console)!, since, ct))
            {
                await output.WriteLineAsync(json ? TerminalText.EscapeJson(JsonSerializer.Serialize(line, ApiJson.Options)) : line.Text);
                await output.FlushAsync(ct);
            }
            if (data is DatabaseFile)
            {
                await Console.Error.WriteLineAsync("solwatch: no daemon running: that was the transcript kept so far; nothing follows live (start `solwatch run`)");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// No daemon: the console must have a transcript, else tail would print nothing and succeed. The known consoles
    /// are the transcripts directory's (names with unsafe characters show as stored, with a hash suffix).
    /// </summary>
    private static async Task CheckKnownAsync(DatabaseFile file, string console)
    {
        if (file.TranscriptsDirectory is not { } dir || !Directory.Exists(dir))
        {
            throw new CliException($"no daemon running and no transcripts directory {file.TranscriptsDirectory}; give --transcripts DIR or --db FILE");
        }
        await using var store = new Storage.Transcripts.TranscriptStore(new Storage.Transcripts.TranscriptOptions { Directory = dir });
        if (!store.Exists(console))
        {
            string[] known = [.. Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
            throw new CliException(
                $"no console named {console}; known: {(known.Length == 0 ? "none yet" : string.Join(", ", known))} (from the transcripts in {dir}; no daemon running)");
        }
    }
}
