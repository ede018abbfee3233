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

    public static string Of(CrashKind kind, string title, ImmutableArray<StackFrame> frames)
    {
        // Hashed as UTF-8 of "Kind|title|f1|f2|f3" (the format stored fingerprints were made with).
        var text = new StringBuilder(title.Length + 96);
        text.Append(kind).Append('|').Append(title);
        int n = 0;
        foreach (StackFrame f in frames)
        {
            if (n == FramesInFingerprint)
            {
                break;
            }
            if (f.Reliable && !FrameFilters.IsBlameless(f.Function))
            {
                text.Append('|').Append(f.Function);
                n++;
            }
        }
        string hashed = text.ToString();
        int most = Encoding.UTF8.GetMaxByteCount(hashed.Length);
        byte[]? rented = most > 1024 ? ArrayPool<byte>.Shared.Rent(most) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[1024];
        int length = Encoding.UTF8.GetBytes(hashed, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..8]);
    }
}
