using System.CommandLine;
using SolWatch.ConsoleCapture.Cli.Bench;

namespace SolWatch.ConsoleCapture.Tests.Cli.Bench;

public sealed class ScanBenchCommandTests
{
    [Fact]
    public void Cold_mode_scans_100_MB_inputs_five_times_with_this_executable_unless_told_otherwise()
    {
        ScanBenchOptions options = Parse("--cold");

        Assert.True(options.Cold);
        Assert.Equal((ScanBenchOptions.ColdSizeMb, ScanBenchOptions.ColdRuns), (options.SizeMb, options.Runs));
        Assert.Equal(Environment.ProcessPath, options.Executable);
    }

    [Fact]
    public void Sizes_runs_and_the_executable_given_with_cold_are_kept()
    {
        ScanBenchOptions options = Parse("--cold", "--size-mb", "2", "--runs", "3", "--exe", "/opt/solwatch/solwatch");

        Assert.Equal((true, 2, 3, "/opt/solwatch/solwatch"), (options.Cold, options.SizeMb, options.Runs, options.Executable));
    }

    [Fact]
    public void Without_cold_the_warm_loop_keeps_its_own_defaults()
    {
        ScanBenchOptions options = Parse();

        Assert.False(options.Cold);
        Assert.Equal((ScanBenchOptions.WarmSizeMb, ScanBenchOptions.WarmRuns), (options.SizeMb, options.Runs));
    }

    [Fact]
    public void Cold_mode_run_through_dotnet_asks_for_the_solwatch_executable()
    {
        ScanBenchOptions options = Parse("--cold", "--corpus", AppContext.BaseDirectory) with { Executable = "/usr/share/dotnet/dotnet" };

        Assert.Equal("--cold starts the solwatch executable itself; run it as solwatch (not through dotnet), or pass --exe PATH", options.Problem());
    }

    [Fact]
    public void Cold_mode_with_a_missing_executable_names_it()
    {
        string missing = Path.Combine(AppContext.BaseDirectory, "no-such-solwatch");

        ScanBenchOptions options = Parse("--cold", "--corpus", AppContext.BaseDirectory, "--exe", missing);

        Assert.Equal($"--exe {missing}: no such file", options.Problem());
    }

    [Fact]
    public void A_warm_run_does_not_care_which_executable_it_is()
    {
        ScanBenchOptions options = Parse("--corpus", AppContext.BaseDirectory, "--exe", Path.Combine(AppContext.BaseDirectory, "no-such-solwatch"));

        Assert.Null(options.Problem());
    }

    private static ScanBenchOptions Parse(params string[] args)
    {
        ScanBenchOptions? read = null;
        var command = new ScanBenchCommand(o =>
        {
            read = o;
            return 0;
        });
        var root = new RootCommand { command.Command };
        ParseResult parse = root.Parse(["scan", .. args]);
        Assert.Empty(parse.Errors);
        Assert.Equal(0, parse.Invoke());
        return read!;
    }
}
