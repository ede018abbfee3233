using System.Globalization;
using System.Reflection;
using System.Text;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The two input files of <c>solwatch bench scan</c>, warm and cold alike: (a) crash-dense console logs, the crash
/// corpus repeated, and (b) ordinary boot and service logs, both written to the size asked for.
/// </summary>
internal static class BenchInputs
{
    /// <summary>The crash-dense input's file name.</summary>
    public const string CrashDenseName = "a-crash-corpus.log";

    /// <summary>The ordinary logs' file name.</summary>
    public const string OrdinaryName = "b-boot-and-service.log";

    /// <summary>Writes both inputs of <paramref name="size"/> bytes (rounded up to whole repeats) into
    /// <paramref name="dir"/>; returns their paths, crash-dense first.</summary>
    public static string[] Write(string dir, string corpusDir, long size)
    {
        string crashes = Path.Combine(dir, CrashDenseName);
        string ordinary = Path.Combine(dir, OrdinaryName);
        WriteRepeated(crashes, CorpusBytes(corpusDir), size);
        WriteRepeated(ordinary, OrdinaryBytes(), size);
        return [crashes, ordinary];
    }

    private static byte[] CorpusBytes(string dir)
    {
        using var all = new MemoryStream();
        foreach (string f in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            all.Write(File.ReadAllBytes(f));
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    // Ordinary logs: the boot of the real capture shipped with SolWatch (up to its crash) and service chatter in the
    // forms consoles and syslog show it, with varying numbers so no two lines are alike.
    private static byte[] OrdinaryBytes()
    {
        using Stream demo = Assembly.GetExecutingAssembly().GetManifestResourceStream("SolWatch.demo-panic.log")
                            ?? throw new InvalidOperationException("the embedded demo capture is missing");
        using var reader = new StreamReader(demo);
        var sb = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null && !line.Contains(ConsoleText.CrashStartMarker, StringComparison.Ordinal))
        {
            sb.Append(line).Append('\n');
        }
        for (int i = 0; i < 4000; i++)
        {
            double t = 3 + (i * 0.0137);
            sb.Append(CultureInfo.InvariantCulture, $"[{t,12:F6}] systemd[1]: Started session-{i}.scope - Session {i} of User app.\n");
            sb.Append(CultureInfo.InvariantCulture, $"Nov 26 08:{i % 60:D2}:{i % 59:D2} web-{i % 17} sshd[{1000 + i}]: Accepted publickey for deploy from 10.1.{i % 250}.{i % 199} port {40000 + i} ssh2\n");
            sb.Append(CultureInfo.InvariantCulture, $"[{t + 0.001,12:F6}] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx\n");
            sb.Append(CultureInfo.InvariantCulture, $"[{t + 0.002,12:F6}] EXT4-fs (sda{i % 4}): mounted filesystem {i:x8}-0000 with ordered data mode. Quota mode: none.\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteRepeated(string path, byte[] chunk, long size)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long n = 0; n < size; n += chunk.Length)
        {
            f.Write(chunk);
        }
    }
}
