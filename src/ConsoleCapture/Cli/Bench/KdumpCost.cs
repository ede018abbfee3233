using System.Globalization;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// What following the kdump story costs the scanner (issue 14: at most 5 %): the same file read by the scanner's reader
/// as <c>solwatch scan</c> reads it (framer, detector, hardware-event and kdump trackers) and by the same reader not
/// following kdump, in alternating runs; the framer and the detector alone are shown beside them.
/// </summary>
/// <remarks>
/// <para>Why the reader without kdump is the peer, not the detector alone: the reader also reads hardware events (issue 15),
/// whose search the kdump tracker's words share; what recognizing kdump costs is the difference kdump makes to the
/// scan, everything else equal. The detector-alone column shows what the trackers cost together.
/// </para>
/// <para>Why CPU time and the lower quartile of alternating runs: the bench machine is shared, so wall time measures the
/// neighbours; the process's CPU time (the scan is one thread; the garbage collector's work counts too) is what the scan
/// itself costs, and alternating spreads any drift of the machine over both. What a neighbour does to CPU time only adds
/// to it (caches and the memory bus shared, a virtual CPU's steal), so the faster runs are the truer ones: the median of
/// 31 runs of the same build said +1 % and +16 % from one process to the next on the boot-log input, where a run takes
/// 27 ms, while the lower quartile of the same runs stayed within a couple of percent. The quartile, not the fastest run,
/// so one lucky run does not decide.</para>
/// </remarks>
internal static class KdumpCost
{
    private const int BufferSize = 1 << 16;

    /// <summary>Budget of the issue: the reader may cost this much more than the detector alone.</summary>
    private const double Budget = 0.05;

    public static void Print(IReadOnlyList<string> files, int runs, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"kdump cost: CPU seconds, lower quartile of {runs} alternating runs of each (detector = framer + CrashDetector; scan = framer + ConsoleReader without kdump; scan+kdump = with it)");
        output.WriteLine($"{"input",-28} {"detector s",11} {"scan s",9} {"scan+kdump s",13} {"ratio",7} {"kdump (budget +5 %)",20} {"paired",8}");
        foreach (string file in files)
        {
            // One untimed run of each first: the JIT's tiers settle on the first pass over 64 MB.
            DetectorOnce(file);
            ReaderOnce(file, followKdump: false);
            ReaderOnce(file, followKdump: true);
            var detector = new List<double>();
            var scan = new List<double>();
            var kdump = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                detector.Add(DetectorOnce(file));
                // The two compared runs swap places every run: the one after the other meets the caches and the
                // collector's state the other left, and a fixed order charged that to the same one each time.
                if (i % 2 == 0)
                {
                    scan.Add(ReaderOnce(file, followKdump: false));
                    kdump.Add(ReaderOnce(file, followKdump: true));
                }
                else
                {
                    kdump.Add(ReaderOnce(file, followKdump: true));
                    scan.Add(ReaderOnce(file, followKdump: false));
                }
            }
            double d = RunStatistics.Quantile(detector, 0.25);
            double r = RunStatistics.Quantile(scan, 0.25);
            double k = RunStatistics.Quantile(kdump, 0.25);
            double extra = (k / r) - 1;
            // Beside it, the median of each run's own ratio (its two readings back to back): a drift of the machine's
            // speed over the whole loop, which this VM shows, moves both readings of a run alike and cancels there.
            double paired = RunStatistics.Median(kdump.Zip(scan, (withKdump, without) => withKdump / without)) - 1;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file),-28} {d,11:F4} {r,9:F4} {k,13:F4} {k / r,7:F3} {extra,+13:+0.0 %;-0.0 %} {(extra <= Budget ? "ok" : "OVER"),6} {paired,+8:+0.0 %;-0.0 %}"));
        }
    }

    private static double DetectorOnce(string file)
    {
        var detector = new CrashDetector();
        return Timed(file, batch =>
        {
            detector.PreScan(batch);
            for (int i = 0; i < batch.Count; i++)
            {
                detector.Push(batch, i);
            }
        }, () => detector.Complete());
    }

    private static double ReaderOnce(string file, bool followKdump)
    {
        var reader = new ConsoleReader(options: null, followKdump);
        return Timed(file, batch =>
        {
            reader.PreScan(batch);
            for (int i = 0; i < batch.Count; i++)
            {
                reader.Push(batch, i);
            }
        }, () => reader.Complete());
    }

    // Reads the file through a framer into `read`, batch by batch as StreamScanner does (each line pushed by its index,
    // made a string only when read); returns the CPU seconds used.
    private static double Timed(string file, Action<FramedBatch> read, Action complete)
    {
        using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var framer = new LineFramer();
        var batch = new FramedBatch();
        byte[] buffer = new byte[BufferSize];
        GC.Collect();
        TimeSpan before = ProcessCpuClock.Now();
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            framer.Push(buffer.AsSpan(0, n), batch);
            read(batch);
            batch.Clear();
        }
        while (framer.Flush() is { } last)
        {
            batch.Add(last);
        }
        read(batch);
        complete();
        return (ProcessCpuClock.Now() - before).TotalSeconds;
    }
}
