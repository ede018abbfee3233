using System.Text;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>Runs console text through the framer and a <see cref="ConsoleReader"/>, as `solwatch scan` does, and keeps
/// what came out: hardware events and crash reports.</summary>
internal static class HardwareHarness
{
    public static (List<HardwareEvent> Events, List<CrashReport> Reports) Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    /// <summary>Frames <paramref name="bytes"/> <paramref name="chunk"/> bytes at a time; with <paramref name="preScan"/>
    /// each batch is searched at once first.</summary>
    public static (List<HardwareEvent> Events, List<CrashReport> Reports) Read(byte[] bytes, int chunk = 4096, bool preScan = true)
    {
        var framer = new LineFramer();
        var reader = new ConsoleReader();
        var batch = new FramedBatch();
        var events = new List<HardwareEvent>();
        var reports = new List<CrashReport>();
        void Take(IReadOnlyList<ConsoleReading> readings)
        {
            foreach (ConsoleReading r in readings)
            {
                switch (r)
                {
                    case HardwareRead h:
                        events.Add(h.Event);
                        break;
                    case ReportRead report:
                        reports.Add(report.Report);
                        break;
                }
            }
        }
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            if (preScan)
            {
                reader.PreScan(batch);
            }
            for (int l = 0; l < batch.Count; l++)
            {
                Take(reader.Push(batch[l]));
            }
            batch.Clear();
        }
        if (framer.Flush() is { } last)
        {
            Take(reader.Push(last));
        }
        Take(reader.Complete());
        return (events, reports);
    }

    /// <summary>The lines joined as a console prints them.</summary>
    public static string Console(params string[] lines) => string.Join('\n', lines) + "\n";
}
