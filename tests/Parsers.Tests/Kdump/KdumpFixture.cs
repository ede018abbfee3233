using System.Text;
using SolWatch.Parsers.Kdump;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// One console log of Fixtures/kdump with the finding it must give: header lines (<c># source:</c>, <c># arch:</c>,
/// <c>KIND:</c> attempt|readiness|none (none: a crash-free console that must give no dump attempt), <c>OUTCOME:</c>, <c>ARMED:</c> true|false|null, <c>CRASHKERNEL:</c> bytes or <c>-</c>,
/// <c>VMCORE:</c> path or <c>-</c>, <c>REASON:</c> a part of the reason; <c># miss:</c> why the reader does not give it yet)
/// up to the first empty line, then the console text.
/// </summary>
internal sealed record KdumpFixture(
    string Name, KdumpFindingKind? Kind, string Outcome, bool? Armed, long? CrashKernel, string? Vmcore, string Reason, string Arch, string? Miss, byte[] Log)
{
    public static string Directory => RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump");

    public static IEnumerable<KdumpFixture> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.log").Order(StringComparer.Ordinal).Select(Load);

    public static KdumpFixture Load(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        int split = raw.AsSpan().IndexOf("\n\n"u8);
        Assert.True(split > 0, $"{path}: no header");
        var h = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Encoding.UTF8.GetString(raw, 0, split).Split('\n'))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                h[line[..colon]] = line[(colon + 2)..].Trim();
            }
        }
        Assert.True(h.TryGetValue("# source", out string? source) && source.Length > 0, $"{path}: every kdump fixture names where it was published");
        return new KdumpFixture(
            Path.GetFileNameWithoutExtension(path),
            h["KIND"] switch { "readiness" => KdumpFindingKind.Readiness, "none" => null, _ => KdumpFindingKind.DumpAttempt },
            h["OUTCOME"],
            h["ARMED"] switch { "true" => true, "false" => false, _ => null },
            h["CRASHKERNEL"] == "-" ? null : long.Parse(h["CRASHKERNEL"], System.Globalization.CultureInfo.InvariantCulture),
            h["VMCORE"] == "-" ? null : h["VMCORE"],
            h["REASON"],
            h.GetValueOrDefault("# arch", "?"),
            h.GetValueOrDefault("# miss"),
            raw[(split + 2)..]);
    }

    public override string ToString() => Name;
}
