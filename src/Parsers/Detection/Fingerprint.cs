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
        // Hashed as UTF-8 of "Kind|title|f1|f2|f3" (the format stored fingerprints were made with).
        var text = new StringBuilder(title.Length + 96);
        text.Append(KindNames[(int)kind]).Append('|').Append(title);
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
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
