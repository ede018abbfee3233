using System.Text;
using SolWatch.TestSupport;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;

namespace SolWatch.Parsers.Tests.Reading;

/// <summary>Runs console text through the framer and a <see cref="ConsoleReader"/>, line by line, as the daemon does.</summary>
internal static class ReaderHarness
{
    public static string KdumpFixture(string name) => RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", name);

    /// <summary>Every reading, in order, from the file's lines (as if each line arrived at its own second).</summary>
    public static List<ConsoleReading> Read(string text, bool complete = true) => Read(new ConsoleReader(), text, complete);

    public static List<ConsoleReading> Read(ConsoleReader reader, string text, bool complete = true)
    {
        var framer = new LineFramer();
        var batch = new FramedBatch();
        var readings = new List<ConsoleReading>();
        framer.Push(Encoding.UTF8.GetBytes(text), batch);
        if (framer.Flush() is { } last)
        {
            batch.Add(last);
        }
        reader.PreScan(batch);
        DateTimeOffset at = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < batch.Count; i++)
        {
            readings.AddRange(reader.Push(batch[i], at.AddSeconds(i)));
        }
        if (complete)
        {
            readings.AddRange(reader.Complete());
        }
        return readings;
    }

    /// <summary>What <c>solwatch scan</c> prints: the reports in order, each with its final story.</summary>
    public static List<SolWatch.Parsers.Reports.CrashReport> Scan(string text)
    {
        var reports = new List<SolWatch.Parsers.Reports.CrashReport>();
        var inOrder = new ReportsInOrder(reports.Add);
        inOrder.Add(Read(text));
        inOrder.Complete();
        return reports;
    }
}
