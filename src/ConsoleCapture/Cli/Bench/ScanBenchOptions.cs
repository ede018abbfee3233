namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>What <c>solwatch bench scan</c> was asked to measure.</summary>
/// <param name="CorpusDir">Folder of crash logs for the crash-dense input.</param>
/// <param name="SizeMb">Size of each input file.</param>
/// <param name="Runs">Timed runs of each (warm: the best is reported; cold: the median).</param>
/// <param name="WorkDir">Where the inputs are written; null for a temporary directory.</param>
/// <param name="KdumpRuns">Alternating runs of the kdump cost table (warm only).</param>
/// <param name="Cold">Each scan a new <c>solwatch scan</c> process, start-up subtracted.</param>
/// <param name="Executable">The <c>solwatch</c> executable a cold run starts.</param>
internal sealed record ScanBenchOptions(string CorpusDir, int SizeMb, int Runs, string? WorkDir, int KdumpRuns, bool Cold, string? Executable)
{
    /// <summary>Default input size of a warm run, in MB.</summary>
    public const int WarmSizeMb = 64;

    /// <summary>Default input size of a cold run, in MB: big enough that start-up is a small share of a scan.</summary>
    public const int ColdSizeMb = 100;

    /// <summary>Default runs of a warm run (the best counts).</summary>
    public const int WarmRuns = 3;

    /// <summary>Default runs of a cold run (the median counts, so an odd number).</summary>
    public const int ColdRuns = 5;

    /// <summary>What is wrong with these options (one line, naming the option), or null.</summary>
    public string? Problem()
    {
        if (!Directory.Exists(CorpusDir))
        {
            return $"{CorpusDir}: no such directory; pass --corpus DIR (a folder of console logs)";
        }
        if (SizeMb < 1 || Runs < 1 || KdumpRuns < 1)
        {
            return "--size-mb, --runs and --kdump-runs must be at least 1";
        }
        if (BenchCommand.WorkDirProblem(WorkDir) is { } problem)
        {
            return problem;
        }
        if (!Cold)
        {
            return null;
        }
        if (Executable is null || Path.GetFileNameWithoutExtension(Executable) == "dotnet")
        {
            return "--cold starts the solwatch executable itself; run it as solwatch (not through dotnet), or pass --exe PATH";
        }
        return File.Exists(Executable) ? null : $"--exe {Executable}: no such file";
    }
}
