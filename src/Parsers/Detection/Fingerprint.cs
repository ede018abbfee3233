using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// The id that groups one crash across hosts, boots and builds of a release: a hash of the kind, the title and the
/// names of the first few reliable, blameable frames — never addresses, offsets, PIDs, CPUs or times.
/// </summary>
internal static class Fingerprint
{
    private const int FramesInFingerprint = 3;

    // The kinds' names, made once (an enum's ToString on every report showed in profiles).
    private static readonly string[] KindNames = Enum.GetNames<CrashKind>();

    public static string Of(CrashKind kind, string title, ImmutableArray<StackFrame> frames)
    {
        // Hashed as UTF-8 of "Kind|title|f1|f2|f3" (the format stored fingerprints were made with), written into a
        // buffer on the stack: this runs for every report, and a builder, its string and their bytes were three copies.
        string name = KindNames[(int)kind];
        int length = name.Length + 1 + title.Length;
        Span<int> chosen = stackalloc int[FramesInFingerprint];
        int n = 0;
        for (int i = 0; i < frames.Length && n < FramesInFingerprint; i++)
        {
            StackFrame f = frames[i];
            if (f.Reliable && !FrameFilters.IsBlameless(f.Function))
            {
                chosen[n++] = i;
                length += 1 + f.Function.Length;
            }
        }
        char[]? rented = null;
        Span<char> text = length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(length));
        int at = Put(text, 0, name);
        text[at++] = '|';
        at = Put(text, at, title);
        foreach (int i in chosen[..n])
        {
            text[at++] = '|';
            at = Put(text, at, frames[i].Function);
        }
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(at));
        int bytes = Encoding.UTF8.GetBytes(text[..at], utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8.AsSpan(0, bytes), hash);
        ArrayPool<byte>.Shared.Return(utf8);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..8]);
    }

    private static int Put(Span<char> into, int at, string part)
    {
        part.CopyTo(into[at..]);
        return at + part.Length;
    }
}
