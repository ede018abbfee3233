using System.CommandLine;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary><c>solwatch bench web</c>: its options; exit 0 only within the goal, with no line lost and an incident on every crashing console.</summary>
internal static class WebBenchCommand
{
    public static Command Create()
    {
        var defaults = new WebBenchOptions();
        var consoles = new Option<int>("--consoles") { Description = "tcp consoles of the daemon, each fed by a local peer", DefaultValueFactory = _ => defaults.Consoles };
        var share = new Option<double>("--storm-share") { Description = "share of consoles printing a kernel panic over and over during the storm", DefaultValueFactory = _ => defaults.StormShare };
        var watched = new Option<int>("--watched") { Description = "consoles whose stamped lines are followed on tail streams and the dashboard", DefaultValueFactory = _ => defaults.Watched };
        var baseline = new Option<double>("--baseline-seconds") { Description = "sampling before the storm", DefaultValueFactory = _ => defaults.Baseline.TotalSeconds };
        var storm = new Option<double>("--storm-seconds") { Description = "how long the storm lasts", DefaultValueFactory = _ => defaults.Storm.TotalSeconds };
        var sample = new Option<int>("--sample-ms") { Description = "pause between two samples of each request", DefaultValueFactory = _ => (int)defaults.SampleInterval.TotalMilliseconds };
        var daemonPath = new Option<string?>("--daemon") { Description = "the solwatch binary to run as the daemon; default this one" };
        var work = new Option<string?>("--work-dir") { Description = "where the daemon's config and stores go; default a temporary directory, deleted afterwards" };
        var command = new Command("web", "A real daemon with N consoles under a panic storm: time to first byte of the console list (API and dashboard), live-view lag, lines lost, incidents.")
        {
            consoles, share, watched, baseline, storm, sample, daemonPath, work,
        };
        command.SetAction(async (p, ct) =>
        {
            var options = new WebBenchOptions
            {
                Consoles = p.GetValue(consoles),
                StormShare = p.GetValue(share),
                Watched = p.GetValue(watched),
                Baseline = TimeSpan.FromSeconds(p.GetValue(baseline)),
                Storm = TimeSpan.FromSeconds(p.GetValue(storm)),
                SampleInterval = TimeSpan.FromMilliseconds(p.GetValue(sample)),
                DaemonPath = p.GetValue(daemonPath),
                WorkDirectory = p.GetValue(work),
            };
            if (options.Problem() is { } problem)
            {
                Console.Error.WriteLine($"solwatch bench web: {problem}");
                return ExitCodes.Error;
            }
            try
            {
                WebBenchReport report = await WebBench.RunAsync(options, Console.Out, ct);
                report.Print(Console.Out);
                return report.WithinGoal && report.TailLinesLost == 0 && report.CrashedWithoutIncident == 0 && report.DaemonAlive ? ExitCodes.Ok : ExitCodes.Error;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException)
            {
                Console.Error.WriteLine($"solwatch bench web: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
