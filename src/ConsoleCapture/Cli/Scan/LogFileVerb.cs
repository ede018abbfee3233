using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SolWatch.Storage.Files;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// The loop of the offline verbs that read console logs (<c>scan</c>, <c>kdump</c>): each PATH opened as
/// <see cref="StreamScanner.Open"/> opens it (a file, <c>.gz</c> read transparently, <c>-</c> for standard input; a
/// directory refused), what the reader finds written as it comes (one JSON object a line, or text for people), and a
/// file that cannot be read reported on stderr in one line while the other files are still read.
/// </summary>
/// <typeparam name="T">What the reader finds (a crash report, a kdump finding).</typeparam>
/// <param name="Verb">The verb's name, for messages (<c>scan</c>).</param>
/// <param name="NothingFound">The text line for a file where nothing was found, after <c>PATH: </c>.</param>
/// <param name="Read">Reads one input, calling back for each finding in order.</param>
/// <param name="WriteJson">Writes one finding as one JSON object (source = the path).</param>
/// <param name="WriteText">Writes one finding for people.</param>
internal sealed record LogFileVerb<T>(
    string Verb,
    string NothingFound,
    Func<Stream, Action<T>, CancellationToken, Task> Read,
    Action<Utf8JsonWriter, string, T> WriteJson,
    Action<TextWriter, string, T> WriteText)
{
    // SkipValidation: each object is written whole by one writer; the per-token checks cost time on big scans.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Reads every path; returns how many findings there were and whether some path could not be read.</summary>
    public async Task<(long Found, bool AnyError)> RunAsync(IReadOnlyList<string> paths, bool json, CancellationToken ct)
    {
        using Stream stdout = Console.OpenStandardOutput();
        await using var output = new BufferedStream(stdout, 1 << 16);
        var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 14, leaveOpen: true) { AutoFlush = false };
        // One finding's JSON before it is written out (reused: one finding at a time).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 12);
        long found = 0;
        bool anyError = false;
        foreach (string path in paths)
        {
            try
            {
                if (path.Length == 0)
                {
                    // FileStream throws ArgumentException on "", which would end the verb with a stack trace.
                    throw new CliException($"solwatch {Verb}: an empty path; name a file, or - for standard input");
                }
                if (path != "-" && Directory.Exists(path))
                {
                    // A clear refusal rather than a guess at which files of a directory are console logs.
                    throw new CliException($"solwatch {Verb}: {path}: a directory; name the files to read (e.g. {Path.Combine(path, "*.log")})");
                }
                using Stream input = StreamScanner.Open(path);
                int n = 0;
                void OnFinding(T finding)
                {
                    n++;
                    if (json)
                    {
                        text.Flush();
                        WriteJsonLine(output, buffer, path, finding);
                    }
                    else
                    {
                        WriteText(text, path, finding);
                    }
                }
                await Read(input, OnFinding, ct).ConfigureAwait(false);
                found += n;
                if (input is GzipInputStream { Damage: { } damage })
                {
                    // After the reader finished: what was read before the damage, the crash at a cut too, is out.
                    throw damage;
                }
                if (!json && n == 0)
                {
                    await text.WriteLineAsync($"{TerminalText.Escape(path)}: {NothingFound}").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CliException)
            {
                anyError = true;
                await text.FlushAsync(ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                // A file name may hold any byte but '/' and NUL (an ESC too): the line is escaped like the text output.
                await Console.Error.WriteLineAsync(TerminalText.Escape(Describe(path, e))).ConfigureAwait(false);
            }
        }
        await text.FlushAsync(ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        return (found, anyError);
    }

    /// <summary>
    /// One finding as one JSON line. The relaxed encoder keeps console text readable (no \u003C for the &lt;IRQ&gt; of a
    /// trace), and so it also writes a console's bidirectional overrides and C1 controls raw, which can make a terminal
    /// show another text than the file holds: a line with anything outside printable ASCII is escaped the way the
    /// daemon's JSON verbs escape theirs (<see cref="TerminalText.EscapeJson"/>).
    /// </summary>
    private void WriteJsonLine(Stream output, System.Buffers.ArrayBufferWriter<byte> buffer, string path, T finding)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteJson(writer, path, finding);
        }
        ReadOnlySpan<byte> line = buffer.WrittenSpan;
        if (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0)
        {
            line = Encoding.UTF8.GetBytes(TerminalText.EscapeJson(Encoding.UTF8.GetString(line)));
        }
        output.Write(line);
        output.WriteByte((byte)'\n');
    }

    private string Describe(string path, Exception e) => e switch
    {
        CliException => e.Message,
        FileNotFoundException or DirectoryNotFoundException => $"solwatch {Verb}: {path}: no such file; check the path",
        UnauthorizedAccessException => $"solwatch {Verb}: {path}: permission denied; run as a user that can read it",
        InvalidDataException => $"solwatch {Verb}: {path}: damaged or cut-off gzip data ({e.Message}); what came before the damage was read and printed",
        _ => $"solwatch {Verb}: {path}: {WithoutPath(e.Message)}",
    };

    // .NET appends the full path to an I/O error ("Too many levels of symbolic links : '/tmp/x/loop'"); the line
    // already names the path as it was given.
    private static string WithoutPath(string message)
    {
        int at = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return at > 0 && message.EndsWith('\'') ? message[..at] : message;
    }
}
