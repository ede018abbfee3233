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
        // Hashed as UTF-8 of "Kind|title|f1|f2|f3" (the format stored fingerprints were made with), written straight
        // into one buffer: a string built first, then encoded, was three allocations per report.
        string kindName = KindNames[(int)kind];
        int maxBytes = Encoding.UTF8.GetMaxByteCount(kindName.Length + title.Length + 1);
        Span<int> chosen = stackalloc int[FramesInFingerprint];
        int n = 0;
        for (int i = 0; i < frames.Length && n < FramesInFingerprint; i++)
        {
            StackFrame f = frames[i];
            if (f.Reliable && !FrameFilters.IsBlameless(f.Function))
            {
                maxBytes += Encoding.UTF8.GetMaxByteCount(f.Function.Length + 1);
                chosen[n++] = i;
            }
        }
        byte[]? rented = maxBytes > 1024 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> text = rented ?? stackalloc byte[1024];
        int length = Encoding.UTF8.GetBytes(kindName, text);
        text[length++] = (byte)'|';
        length += Encoding.UTF8.GetBytes(title, text[length..]);
        foreach (int i in chosen[..n])
        {
            text[length++] = (byte)'|';
            length += Encoding.UTF8.GetBytes(frames[i].Function, text[length..]);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text[..length], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..8]);
    }
}
