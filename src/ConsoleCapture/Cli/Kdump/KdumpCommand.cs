using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>
/// <c>solwatch kdump [--json] PATH...</c>: reads console logs offline and tells, per boot, whether kdump was armed and,
/// per crash, whether a vmcore was saved and if not, why.
/// </summary>
internal static class KdumpCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json")
        {
            Description = "one JSON object per finding per line (JSON Lines), for scripts",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "console logs to read; - reads standard input; .gz files are read transparently",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("kdump", "Was a vmcore saved, and if not, why? Reads kdump's story from console logs: readiness per boot, outcome per crash.")
        {
            json, paths,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(paths) ?? [], parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, bool json, CancellationToken ct)
    {
        using Stream stdout = Console.OpenStandardOutput();
        await using var output = new BufferedStream(stdout, 1 << 16);
        var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 14, leaveOpen: true) { AutoFlush = false };
        bool anyError = false;
        foreach (string path in paths)
        {
            try
            {
                using Stream input = StreamScanner.Open(path);
                int n = 0;
                void OnFinding(KdumpFinding finding)
                {
                    n++;
                    if (json)
                    {
                        text.Flush();
                        using (var writer = new Utf8JsonWriter(output, jsonOptions))
                        {
                            KdumpFindingJson.Write(writer, path, finding);
                        }
                        output.WriteByte((byte)'\n');
                    }
                    else
                    {
                        KdumpTextFormatter.Write(text, path, finding);
                    }
                }
                await KdumpStreamReader.ReadAsync(input, OnFinding, ct).ConfigureAwait(false);
                if (!json && n == 0)
                {
                    await text.WriteLineAsync($"{path}: nothing about kdump and no crash").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                anyError = true;
                await text.FlushAsync(ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(Describe(path, e)).ConfigureAwait(false);
            }
        }
        await text.FlushAsync(ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        return anyError ? ExitCodes.Error : ExitCodes.Ok;
    }

    private static string Describe(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"solwatch kdump: {path}: no such file; check the path",
        UnauthorizedAccessException => $"solwatch kdump: {path}: permission denied; run as a user that can read it",
        InvalidDataException => $"solwatch kdump: {path}: damaged gzip data ({e.Message}); the findings before the damage were printed",
        _ => $"solwatch kdump: {path}: {e.Message}",
    };
}
