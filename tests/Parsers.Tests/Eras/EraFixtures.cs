using SolWatch.Parsers.Tests.Unseen;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Eras;

/// <summary>
/// The kernel-era fixtures (Fixtures/eras/README.md): real console logs from RHEL/CentOS, Fedora, SUSE, Ubuntu, Debian,
/// vendor and CI kernels, 2.6.32 to 6.x, in the same header format as Fixtures/unseen. KNOWN-GAPS lists the logs the
/// detector does not read right yet, one name a line.
/// </summary>
internal static class EraFixtures
{
    public static string Directory => RepoPaths.Tests("Parsers.Tests", "Fixtures", "eras");

    public static IEnumerable<UnseenFixture> All() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.log").Order(StringComparer.Ordinal).Select(UnseenFixture.Load);

    public static UnseenFixture Named(string name) => UnseenFixture.Load(Path.Combine(Directory, name + ".log"));

    public static IReadOnlySet<string> KnownGaps { get; } = File.ReadAllLines(Path.Combine(Directory, "KNOWN-GAPS"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
}
