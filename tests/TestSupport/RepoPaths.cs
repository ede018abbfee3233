namespace SolWatch.TestSupport;

/// <summary>Where things are, found from the test assembly's location upwards (works in any clone).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SolWatch.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SolWatch.sln not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (holds SolWatch.sln).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>../shared beside the repository (corpus, lab, docs), or SOLWATCH_SHARED when set.</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("SOLWATCH_SHARED") is { Length: > 0 } s
            ? s
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>../shared/lab; first makes sure its VM can boot on this host (<see cref="LabQemu"/>).</summary>
    public static string Lab
    {
        get
        {
            LabQemu.EnsureBootable();
            return Path.Combine(Shared, "lab");
        }
    }

    /// <summary>A file under tests/ (fixtures), e.g. <c>Fixture("Parsers.Tests", "lab", "null.log")</c>.</summary>
    public static string Tests(params string[] parts) => Path.Combine([Root, "tests", .. parts]);
}
