using System.Text;
using SolWatch.Storage.Incidents;

namespace SolWatch.Storage.Tests.Support;

/// <summary>Real database files, sound and damaged, for the file-at-start, damaged-query and db verb tests.</summary>
public static class DatabaseFiles
{
    /// <summary>An incident whose console ("bmc-007") and report text ("MARK-007-…") are unique and findable in the file.</summary>
    public static NewIncident Numbered(int n) => Reports.Incident($"bmc-{n:D3}", $"node{n}", Reports.T0.AddMinutes(n),
        Reports.NullDeref(fingerprint: $"fp{n:D14}") with { Text = $"MARK-{n:D3}-" + new string('k', 1500) });

    /// <summary>Creates a database of <paramref name="count"/> numbered incidents, checkpointed into the data file.</summary>
    public static async Task CreateAsync(string path, int count)
    {
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path, RepeatWindow = TimeSpan.Zero });
        var tasks = new List<Task<Incident>>();
        for (var n = 1; n <= count; n++)
        {
            Assert.True(store.TryStore(Numbered(n), out var stored));
            tasks.Add(stored);
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>Overwrites <paramref name="length"/> bytes just before the text of incident <paramref name="n"/> with random bytes.</summary>
    public static void Scramble(string path, int n, int length = 64, int seed = 7)
    {
        var bytes = File.ReadAllBytes(path);
        var marker = Encoding.ASCII.GetBytes($"MARK-{n:D3}-");
        var at = bytes.AsSpan().IndexOf(marker);
        Assert.True(at > length, $"incident {n}'s text is not in the data file");
        var noise = new byte[length];
        new Random(seed).NextBytes(noise);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = at - length;
        stream.Write(noise);
    }

    /// <summary>Cuts the file to <paramref name="fraction"/> of its length (not on a page boundary).</summary>
    public static void Truncate(string path, double fraction)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength((long)(stream.Length * fraction) + 1234);
    }

    public static string Sha256(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
