using CsCheck;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>Whatever a console sends, the detector neither throws nor hangs, and what it holds stays bounded.</summary>
public class RobustnessPropertyTests
{
    private static readonly byte[] RealLog = File.ReadAllBytes(DetectorHarness.LabFixture("null.log"));

    // With preScan the lines are announced first (CrashDetector.PreScan), as `solwatch scan` and the daemon do.
    private static void Feed(byte[] bytes, bool preScan, int maxReportLines = 200)
    {
        var options = new DetectorOptions { MaxReportLines = maxReportLines };
        var framer = new LineFramer(new LineFramerOptions { MaxLineLength = 512 });
        var detector = new CrashDetector(options);
        var lines = new List<string>();
        framer.Push(bytes, lines);
        if (preScan)
        {
            detector.PreScan(lines);
        }
        foreach (string line in lines)
        {
            Assert.True(line.Length <= 512);
            foreach (CrashReport r in detector.Push(line))
            {
                Assert.True(r.Text.Split('\n').Length <= maxReportLines + 1);
                Assert.DoesNotMatch(@"\b0x[0-9a-f]+\b", r.Title);
            }
        }
        detector.Complete();
        Assert.False(detector.InReport);
    }

    [Fact]
    public void Random_bytes_never_break_the_detector() =>
        Gen.Select(Gen.Byte.Array[0, 8192], Gen.Bool).Sample((bytes, preScan) => Feed(bytes, preScan), iter: 300);

    [Fact]
    public void Mutated_real_logs_never_break_the_detector() =>
        Gen.Select(Gen.Int[0, RealLog.Length - 1].Array[1, 64], Gen.Byte.Array[1, 64], Gen.Bool).Sample((positions, values, preScan) =>
        {
            byte[] mutated = (byte[])RealLog.Clone();
            for (int i = 0; i < positions.Length; i++)
            {
                mutated[positions[i]] = values[i % values.Length];
            }
            Feed(mutated, preScan);
        }, iter: 100);

    [Fact]
    public void A_report_that_never_ends_is_cut_at_the_line_limit()
    {
        var detector = new CrashDetector(new DetectorOptions { MaxReportLines = 50 });
        var released = new List<CrashReport>();
        released.AddRange(detector.Push("[    1.000000] general protection fault: 0000 [#1] SMP"));
        for (int i = 0; i < 10_000; i++)
        {
            released.AddRange(detector.Push($"[    1.{i:D6}]  frame_{i}+0x1/0x2"));
        }
        Assert.NotEmpty(released);
        Assert.All(released, r => Assert.True(r.EndLine - r.StartLine < 50));
    }
}
