using System.Text;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Reading;

/// <summary>
/// The fixture consoles damaged the way a serial line, a hostile peer or a wrong carrier damages them (characters
/// replaced, lines cut, carriers' heads, JSON escapes and crash words spliced in anywhere, raw bytes flipped), read in
/// chunks of any size with and without the batch pre-scan: the reader never throws. One seed, so a failure can be
/// reproduced; a wider run of the same mutations (millions of consoles) found the lone-surrogate escape that
/// System.Text.Json's reader threw on.
/// </summary>
public sealed class MutatedConsoleReadingTests
{
    private const string Specials = "{}[]<>\"\\:;,.-+/|#@!$%^&*()_=~`'\t\r\0\u001b\u00ff\ufffd 0123456789abcdefxXTCcpuPID";

    private static readonly string[] Splices =
    [
        "{\"MESSAGE\":\"", "\\ud800", "\\udc00", "\\u", "\\", "<4>1 ", "<191>Dec  6 ", "2026-12-06T22:00:01Z stdout F ",
        "- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"", "{\"log\":\"", "\"}", "\",\"_TRANSPORT\":\"kernel\"}",
        "[    1.000000]", "[  T1]", "Call Trace:", "RIP: 0010:", "Kernel panic - not syncing: ", "BUG: unable to handle", "Oops: ",
        "CPU: 0 PID: 1 Comm: x", "Hardware name: ", "Modules linked in:", "---[ end trace", "Kdump: loaded", "crashkernel=",
        "kdump: saving to", "Linux version ", "mce: [Hardware Error]", "EDAC MC0: 1 CE", "[<ffffffff81000000>] ", " ? ",
        "+0x1/0x2", "(ptrval)", "Kernel Offset: ", "Starting crashdump kernel...", "{", "},{", "\"dmesg\": [", "\"msg\": \"",
        "\"time\":    12.5,", "\"caller\": \"", "kernel: [1765058401.5, {\"priority\":4,\"sec\":1,\"usec\":2,\"msg\":\"", "}]",
    ];

    // Carriers whose lines the framer or the line reader join or unwrap: a third of the consoles are damaged in one of them.
    private static readonly string[] Carriers = ["dmesg-json", "fluent-bit-kmsg", "journal-json"];

    private static readonly string[] Escapes = ["\\ud800", "\\udc00", "\\ud800\\u0041", "\\u12", "\\x", "\\", "\\n", "\\ud83d\\ude00"];

    [Fact]
    public void Damaged_fixture_consoles_read_in_chunks_of_any_size_never_make_the_reader_throw()
    {
        string[] files = [.. Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures"), "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        var random = new Random(20261207);
        for (int run = 0; run < 600; run++)
        {
            string file = files[random.Next(files.Length)];
            string[] lines = File.ReadAllLines(file);
            if (random.Next(3) == 0)
            {
                string carried = Encoding.UTF8.GetString(Formats.ConsoleFormats.All[Carriers[random.Next(Carriers.Length)]](string.Join('\n', lines) + "\n"));
                lines = carried.Split('\n');
            }
            byte[] console = Damaged(lines, random);
            Exception? thrown = Record.Exception(() => Read(console, random));
            Assert.True(thrown is null, $"run {run} ({Path.GetFileName(file)}): {thrown}");
        }
    }

    private static byte[] Damaged(string[] lines, Random random)
    {
        var text = new StringBuilder();
        foreach (string original in lines)
        {
            string line = original;
            switch (random.Next(9))
            {
                case 0 when line.Length > 0:
                    char[] chars = line.ToCharArray();
                    for (int k = random.Next(1, 5); k > 0; k--)
                    {
                        chars[random.Next(chars.Length)] = Specials[random.Next(Specials.Length)];
                    }
                    line = new string(chars);
                    break;
                case 1 when line.Length > 1:
                    line = line[..random.Next(line.Length)];
                    break;
                case 2:
                    int at = random.Next(line.Length + 1);
                    line = line[..at] + Splices[random.Next(Splices.Length)] + line[at..];
                    break;
                case 3:
                    line = Splices[random.Next(Splices.Length)] + line;
                    break;
                case 4:
                    // Carried in a JSON record (a journal's, Docker's, LAVA's), an escape JSON may not know spliced into its string.
                    string body = line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
                    int escapeAt = random.Next(body.Length + 1);
                    body = body[..escapeAt] + Escapes[random.Next(Escapes.Length)] + body[escapeAt..];
                    line = random.Next(3) switch
                    {
                        0 => $"{{\"MESSAGE\":\"{body}\",\"_TRANSPORT\":\"kernel\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"{random.Next()}\"}}",
                        1 => $"{{\"log\":\"{body}\\n\",\"stream\":\"stdout\"}}",
                        _ => $"- {{\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"{body}\"}}",
                    };
                    break;
            }
            text.Append(line).Append(random.Next(20) == 0 ? "\r" : "\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (bytes.Length > 0 && random.Next(4) == 0)
        {
            for (int k = 0; k < 10; k++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
        }
        return bytes;
    }

    private static void Read(byte[] console, Random random)
    {
        var reader = new ConsoleReader(options: null, followKdump: true);
        var framer = new LineFramer();
        var batch = new FramedBatch();
        for (int offset = 0; offset < console.Length;)
        {
            int n = Math.Min(random.Next(1, 8193), console.Length - offset);
            framer.Push(console.AsSpan(offset, n), batch);
            offset += n;
            if (random.Next(2) == 0)
            {
                reader.PreScan(batch);
            }
            for (int i = 0; i < batch.Count; i++)
            {
                reader.Push(batch, i);
            }
            batch.Clear();
            if (random.Next(20) == 0)
            {
                reader.Flush(DateTimeOffset.UnixEpoch.AddHours(offset));
            }
        }
        while (framer.Flush() is { } last)
        {
            reader.Push(last);
        }
        reader.Complete();
    }
}
