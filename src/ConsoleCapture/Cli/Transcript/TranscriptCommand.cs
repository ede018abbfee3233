using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Client;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Transcript;

/// <summary>
/// <c>solwatch transcript CONSOLE [--raw] [--since T] [--until T] [--text|--json] [-o FILE]</c>: a console's kept
/// transcript, from the running daemon or (no daemon) the transcript files. The lines come as stored (receive time,
/// then the text; gaps marked), or with <c>--raw</c> the exact bytes the console sent, byte for byte, while gaps are
/// reported on standard error so that the output holds nothing but the console's bytes. The lines (and gap reasons)
/// are escaped for the terminal (<see cref="TerminalText"/>), to a file (<c>-o</c>) as well, since it is read with
/// <c>cat</c> later; <c>--raw</c> and <c>--json</c> are exact.
/// </summary>
internal static class TranscriptCommand
{
    public static Command Create()
    {
        var o = new CommonOptions();
        var console = new Argument<string>("CONSOLE") { Description = "the console's name (solwatch consoles)" };
        var raw = new Option<bool>("--raw")
        {
            Description = "the raw transcript: the console's bytes exactly as received (escapes, NULs, CRs and all); gaps go to stderr",
        };
        var text = new Option<bool>("--text") { Description = "only the console's text, one line per line (no times); gaps go to stderr" };
        var output = new Option<string?>("--output", "-o") { Description = "write to this file (created 0600) instead of standard output" };
        var command = new Command("transcript",
            "A console's transcript: its lines with receive times and gaps, or with --raw the exact bytes it sent. " +
            "--since/--until cut raw transcripts to within a second.")
        {
            console, raw, text, o.Json, o.Since, o.Until, output,
        };
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            (DateTimeOffset? since, DateTimeOffset? until) = TimeArgument.Window(parse.GetValue(o.Since), parse.GetValue(o.Until), now);
            bool json = parse.GetValue(o.Json);
            if (json && parse.GetValue(text))
            {
                throw new CliException("--json and --text: choose one");
            }
            string name = parse.GetValue(console)!;
            await using IDaemonData data = await o.OpenAsync(parse, ct);
            await using Stream target = Open(parse.GetValue(output));
            if (parse.GetValue(raw))
            {
                await WriteRawAsync(data.RawTranscriptAsync(name, since, until, ct), target, json, ct);
            }
            else
            {
                long written = await WriteLinesAsync(data.TranscriptAsync(name, since, until, ct), target, json, parse.GetValue(text), ct);
                if (written == 0 && !json)
                {
                    // Empty output alone reads as a failure to show; a console that has printed nothing (one that never
                    // connected) or a window with no lines is an answer, said on stderr so scripts' stdout stays empty.
                    await Console.Error.WriteLineAsync($"solwatch: no lines of console {TerminalText.Escape(name)} {(since is null && until is null ? "yet" : "in that time")}");
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Stream Open(string? path)
    {
        if (path is null)
        {
            return Console.OpenStandardOutput();
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Console output can contain anything (a password typed at a prompt): owner-only, like the transcripts.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            return new FileStream(path, options);
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"--output {path}: no directory {Path.GetDirectoryName(Path.GetFullPath(path))}; create it first or write elsewhere");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(Directory.Exists(path)
                ? $"--output {path}: a directory; name a file in it (e.g. {Path.Combine(path, "console.raw")})"
                : $"--output {path}: permission denied; write somewhere you may create files");
        }
        catch (IOException e)
        {
            throw new CliException($"--output {path}: {e.Message}");
        }
    }

    private static async Task WriteRawAsync(IAsyncEnumerable<RawSegment> segments, Stream target, bool json, CancellationToken ct)
    {
        using var lines = json ? new StreamWriter(target, leaveOpen: true) : null;
        long written = 0;
        await foreach (RawSegment segment in segments.WithCancellation(ct))
        {
            if (lines is not null)
            {
                await lines.WriteLineAsync(TerminalText.EscapeJson(JsonSerializer.Serialize(segment, ApiJson.Options)));
            }
            else if (segment.Gap is { } gap)
            {
                await Console.Error.WriteLineAsync($"solwatch: gap after byte {written.ToString(CultureInfo.InvariantCulture)} ({Time(segment.ReceivedAt)}): {TerminalText.Escape(gap)}");
            }
            else
            {
                await target.WriteAsync(segment.Bytes, ct);
                written += segment.Bytes.Length;
            }
        }
        if (lines is not null)
        {
            await lines.FlushAsync(ct);
        }
        await target.FlushAsync(ct);
    }

    private static async Task<long> WriteLinesAsync(IAsyncEnumerable<TranscriptLine> lines, Stream target, bool json, bool textOnly, CancellationToken ct)
    {
        long count = 0;
        await using var writer = new StreamWriter(target, leaveOpen: true) { NewLine = "\n" };
        TextWriter text = TerminalText.Writer(writer);
        await foreach (TranscriptLine line in lines.WithCancellation(ct))
        {
            count++;
            if (json)
            {
                await writer.WriteLineAsync(TerminalText.EscapeJson(JsonSerializer.Serialize(line, ApiJson.Options)));
            }
            else if (!textOnly)
            {
                await text.WriteLineAsync(line.Format());
            }
            else if (line.IsGap)
            {
                await writer.FlushAsync(ct);
                await Console.Error.WriteLineAsync($"solwatch: gap ({Time(line.ReceivedAt)}): {TerminalText.Escape(line.Text)}");
            }
            else
            {
                await text.WriteLineAsync(line.Text);
            }
        }
        await writer.FlushAsync(ct);
        return count;
    }

    private static string Time(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "time unknown";
}
