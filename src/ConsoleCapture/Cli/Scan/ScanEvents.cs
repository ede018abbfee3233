using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// <c>solwatch scan --events</c>: the crashes, and beside them in console order the hardware events, each written its
/// own way (<see cref="CrashReportJson"/>/<see cref="HardwareEventJson"/>, <see cref="ScanTextFormatter"/>/<see
/// cref="HardwareEventText"/>). <c>--fail-on-crash</c> counts crashes only: a hardware event is none.
/// </summary>
internal static class ScanEvents
{
    public static async Task<int> RunAsync(string[] paths, bool json, bool failOnCrash, CancellationToken ct)
    {
        long crashes = 0;
        var verb = new LogFileVerb<object>(
            "scan", "no crash or hardware event found",
            async (input, onFinding, token) => await StreamScanner.ScanAsync(
                input, report => { crashes++; onFinding(report); }, e => onFinding(e), token).ConfigureAwait(false),
            (w, path, finding) =>
            {
                if (finding is HardwareEvent e)
                {
                    HardwareEventJson.Write(w, path, e);
                }
                else
                {
                    CrashReportJson.Write(w, path, (CrashReport)finding);
                }
            },
            (w, path, finding) =>
            {
                if (finding is HardwareEvent e)
                {
                    HardwareEventText.Write(w, path, e);
                }
                else
                {
                    ScanTextFormatter.Write(w, path, (CrashReport)finding);
                }
            });
        (_, bool anyError) = await verb.RunAsync(paths, json, ct).ConfigureAwait(false);
        if (anyError)
        {
            return ExitCodes.Error;
        }
        return failOnCrash && crashes > 0 ? ExitCodes.CrashFound : ExitCodes.Ok;
    }
}
