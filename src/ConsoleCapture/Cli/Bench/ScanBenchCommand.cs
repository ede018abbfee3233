using System.CommandLine;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The options of <c>solwatch bench scan</c> and how a command line becomes <see cref="ScanBenchOptions"/>: warm (one
/// process scanning the inputs in a loop) by default, or <c>--cold</c> (a new <c>solwatch scan</c> process per run).
/// </summary>
internal sealed class ScanBenchCommand
{
    private readonly Option<string?> _corpus = new("--corpus") { Description = "directory of crash logs for input (a); default ../shared/corpus/syzkaller" };
    private readonly Option<int> _sizeMb = new("--size-mb")
    {
        Description = $"size of each input file (default {ScanBenchOptions.WarmSizeMb}; {ScanBenchOptions.ColdSizeMb} with --cold)",
        DefaultValueFactory = _ => ScanBenchOptions.WarmSizeMb,
    };
    private readonly Option<int> _runs = new("--runs")
    {
        Description = $"timed runs of each: the best is reported (default {ScanBenchOptions.WarmRuns}); with --cold the median (default {ScanBenchOptions.ColdRuns})",
        DefaultValueFactory = _ => ScanBenchOptions.WarmRuns,
    };
    private readonly Option<string?> _work = new("--work-dir") { Description = "where the input files are written; default a temporary directory" };
    private readonly Option<int> _kdumpRuns = new("--kdump-runs") { Description = "alternating runs of detector alone and scan+kdump (the lower quartile is reported)", DefaultValueFactory = _ => 5 };
    private readonly Option<bool> _cold = new("--cold") { Description = "what a user sees: each run starts `solwatch scan FILE` afresh (start-up, measured on an empty file, subtracted)" };
    private readonly Option<string?> _exe = new("--exe") { Description = "with --cold: the solwatch executable to start (default this one, e.g. publish/solwatch to measure a published build)" };

    /// <summary>Creates the <c>scan</c> command, running <paramref name="action"/> with the parsed options.</summary>
    public ScanBenchCommand(Func<ScanBenchOptions, int> action)
    {
        Command = new Command("scan", "Scan throughput against grep -c -F on the same files, and what kdump costs the scanner; --cold for one-off scans.")
        {
            _corpus, _sizeMb, _runs, _work, _kdumpRuns, _cold, _exe,
        };
        Command.SetAction((p, ct) => Task.FromResult(action(Read(p))));
    }

    /// <summary>The <c>scan</c> command.</summary>
    public Command Command { get; }

    /// <summary>The options a parsed command line gives (defaults by mode for what it left out).</summary>
    public ScanBenchOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        bool cold = parse.GetValue(_cold);
        bool sizeGiven = parse.GetResult(_sizeMb) is { Implicit: false };
        bool runsGiven = parse.GetResult(_runs) is { Implicit: false };
        return new ScanBenchOptions(
            parse.GetValue(_corpus) ?? Path.Combine("..", "shared", "corpus", "syzkaller"),
            cold && !sizeGiven ? ScanBenchOptions.ColdSizeMb : parse.GetValue(_sizeMb),
            cold && !runsGiven ? ScanBenchOptions.ColdRuns : parse.GetValue(_runs),
            parse.GetValue(_work),
            parse.GetValue(_kdumpRuns),
            cold,
            parse.GetValue(_exe) ?? Environment.ProcessPath);
    }
}
