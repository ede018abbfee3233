using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary><c>solwatch scan [--format text|json] [--fail-on-crash] PATH...</c>: finds crashes in console logs.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "text for people; json for scripts (one JSON object per crash per line)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var failOnCrash = new Option<bool>("--fail-on-crash")
        {
            Description = "exit 1 when a crash was found",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "console logs to scan; - reads standard input; .gz files are read transparently",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("scan", "Find kernel crashes in console logs and describe them.")
        {
            format, failOnCrash, paths,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(paths) ?? [], parse.GetValue(format) == "json", parse.GetValue(failOnCrash), ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, bool json, bool failOnCrash, CancellationToken ct)
    {
        using Stream stdout = Console.OpenStandardOutput();
        await using var output = new BufferedStream(stdout, 1 << 16);
        var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 14, leaveOpen: true) { AutoFlush = false };
        bool anyCrash = false;
        bool anyError = false;
        foreach (string path in paths)
        {
            try
            {
                if (path != "-" && Directory.Exists(path))
                {
                    // A clear refusal rather than a guess at which files of a directory are console logs.
                    throw new CliException($"solwatch scan: {path}: a directory; name the files to scan (e.g. {Path.Combine(path, "*.log")})");
                }
                using Stream input = StreamScanner.Open(path);
                int n = 0;
                void OnReport(CrashReport report)
                {
                    anyCrash = true;
                    n++;
                    if (json)
                    {
                        text.Flush();
                        using (var writer = new Utf8JsonWriter(output, jsonOptions))
                        {
                            CrashReportJson.Write(writer, path, report);
                        }
                        output.WriteByte((byte)'\n');
                    }
                    else
                    {
                        ScanTextFormatter.Write(text, path, report);
                    }
                }
                await StreamScanner.ScanAsync(input, OnReport, ct).ConfigureAwait(false);
                if (!json && n == 0)
                {
                    await text.WriteLineAsync($"{path}: no crash found").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CliException)
            {
                anyError = true;
                await text.FlushAsync(ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(Describe(path, e)).ConfigureAwait(false);
            }
        }
        await text.FlushAsync(ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        if (anyError)
        {
            return ExitCodes.Error;
        }
        return failOnCrash && anyCrash ? ExitCodes.CrashFound : ExitCodes.Ok;
    }

    private static string Describe(string path, Exception e) => e switch
    {
        CliException => e.Message,
        FileNotFoundException or DirectoryNotFoundException => $"solwatch scan: {path}: no such file; check the path",
        UnauthorizedAccessException => $"solwatch scan: {path}: permission denied; run as a user that can read it",
        InvalidDataException => $"solwatch scan: {path}: damaged gzip data ({e.Message}); the part before the damage was scanned",
        _ => $"solwatch scan: {path}: {e.Message}",
    };
}
