using System.Reflection;
using System.Text;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// What the benchmark's consoles print: the real capture shipped with SolWatch (a Debian boot ending in a kernel
/// panic) for bursting consoles, and its boot lines plus service chatter, one at a time, for the quiet majority.
/// </summary>
/// <param name="Panic">The whole capture, boot and panic.</param>
/// <param name="PanicLines">Lines the daemon's framer makes of <paramref name="Panic"/>.</param>
/// <param name="Trickle">Single lines, each ending in a newline.</param>
internal sealed record ConsoleText(byte[] Panic, int PanicLines, IReadOnlyList<byte[]> Trickle)
{
    /// <summary>The line of the demo capture just before its crash (the lab's init announcing it): boot text ends here.</summary>
    public const string CrashStartMarker = "LAB: triggering";

    /// <summary>Loads the embedded demo capture.</summary>
    public static ConsoleText Load()
    {
        using Stream demo = Assembly.GetExecutingAssembly().GetManifestResourceStream(Config.ConsoleTypes.ReplayConsoleType.DemoResource)
                            ?? throw new InvalidOperationException("the embedded demo capture is missing");
        using var buffer = new MemoryStream();
        demo.CopyTo(buffer);
        byte[] panic = buffer.ToArray();
        if (panic[^1] != (byte)'\n')
        {
            panic = [.. panic, (byte)'\n'];
        }
        // Counted with the daemon's own framer, so "lines lost" compares like with like.
        var lines = new List<string>();
        var framer = new LineFramer();
        framer.Push(panic, lines);
        if (framer.Flush() is not null)
        {
            lines.Add("");
        }
        string[] ordinary = lines
            .TakeWhile(l => !l.Contains(CrashStartMarker, StringComparison.Ordinal))
            .Where(l => l.Length > 0)
            .Concat(Enumerable.Range(0, 50).Select(i =>
                $"Nov 26 08:{i:D2}:17 web-{i % 17} sshd[{1000 + i}]: Accepted publickey for deploy from 10.1.{i}.7 port {40000 + i} ssh2"))
            .ToArray();
        // The quiet majority must not produce incidents of their own, or the incident count would mean nothing.
        var detector = new CrashDetector();
        if (ordinary.SelectMany(l => detector.Push(l)).Concat(detector.Complete()).FirstOrDefault() is { } report)
        {
            throw new InvalidOperationException($"the ordinary lines of the demo capture hold a crash ({report.Title}); the bench needs crash-free lines");
        }
        return new ConsoleText(panic, lines.Count, [.. ordinary.Select(l => Encoding.UTF8.GetBytes(l + "\n"))]);
    }
}
