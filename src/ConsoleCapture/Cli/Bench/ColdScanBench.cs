using System.Diagnostics;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench scan --cold</c>: what a user sees who runs <c>solwatch scan big.log</c> once. Each run starts the
/// executable afresh on an empty file (its start-up), on each input, and runs <c>grep -c -F</c> on each input, in that
/// order, so drift of a shared machine falls on every program alike; the report gives medians.
/// </summary>
/// <remarks>
/// Why an untimed start first: the first start of a 100 MB single-file executable reads it from disk, which a user who
/// scans twice never pays again (the inputs, just written, are in the page cache too). Why the child's CPU time from
/// <see cref="ChildCpu"/>: wall time on a loaded machine measures the neighbours; CPU time is what the scan cost, the
/// runtime's background compiler thread and garbage collector included.
/// </remarks>
internal static class ColdScanBench
{
    /// <summary>Runs the cold bench of <paramref name="executable"/> over <paramref name="inputs"/>, writing the
    /// empty file beside them in <paramref name="dir"/>.</summary>
    public static ColdScanReport Run(string executable, string dir, IReadOnlyList<string> inputs, int runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        string empty = Path.Combine(dir, "empty.log");
        File.WriteAllBytes(empty, []);
        string loadBefore = LoadAverage.Now();
        ScanOnce(executable, empty);
        var startup = new List<ColdTimes>();
        var scans = inputs.ToDictionary(f => f, _ => new List<ColdTimes>());
        var greps = inputs.ToDictionary(f => f, _ => new List<ColdTimes>());
        var output = new Dictionary<string, long>();
        for (int i = 0; i < runs; i++)
        {
            startup.Add(ScanOnce(executable, empty).Times);
            foreach (string file in inputs)
            {
                (ColdTimes times, long printed) = ScanOnce(executable, file);
                scans[file].Add(times);
                output[file] = printed;
                (double wall, double cpu, _) = GrepPeer.Run(file);
                greps[file].Add(new ColdTimes(wall, cpu));
            }
        }
        ColdScanRow[] rows =
        [
            .. inputs.Select(f => new ColdScanRow(
                Path.GetFileName(f), new FileInfo(f).Length, ColdTimes.Median(scans[f]), ColdTimes.Median(greps[f]), output[f])),
        ];
        return new ColdScanReport(executable, runs, loadBefore, LoadAverage.Now(), ColdTimes.Median(startup), rows);
    }

    // One `solwatch scan FILE`, its text output read (and counted) as a terminal or a pipe would take it.
    private static (ColdTimes Times, long OutputBytes) ScanOnce(string executable, string file)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("scan");
        psi.ArgumentList.Add(file);
        TimeSpan cpu = ChildCpu.Total();
        var clock = Stopwatch.StartNew();
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start");
        Task<string> errors = p.StandardError.ReadToEndAsync();
        var counted = new CountingSink();
        p.StandardOutput.BaseStream.CopyTo(counted, 1 << 16);
        p.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (ChildCpu.Total() - cpu).TotalSeconds;
        if (p.ExitCode != ExitCodes.Ok)
        {
            string why = errors.Result.Split('\n', 2)[0];
            throw new InvalidOperationException($"`{executable} scan {file}` exited {p.ExitCode}: {why}");
        }
        return (new ColdTimes(wall, cpuSeconds), counted.Length);
    }

    /// <summary>A write-only stream that keeps only how many bytes it was given.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
