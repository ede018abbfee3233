using System.CommandLine;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary><c>solwatch bench bmc</c>: its options and how a run ends (exit 0 only when no byte was lost on either side).</summary>
internal static class BmcBenchCommand
{
    /// <summary>The <c>bmc</c> sub-verb of <c>solwatch bench</c>.</summary>
    public static Command Create()
    {
        var defaults = new BmcBenchOptions();
        var bmcs = new Option<int>("--bmcs") { Description = "lab BMCs (ipmi_sim, no VM) held at once", DefaultValueFactory = _ => defaults.Bmcs };
        var seconds = new Option<double>("--seconds") { Description = "how long each console is written to, per phase", DefaultValueFactory = _ => defaults.Streaming.TotalSeconds };
        var rate = new Option<int>("--rate") { Description = "bytes per second into each BMC's serial port (11520 = 115200 baud)", DefaultValueFactory = _ => defaults.BytesPerSecond };
        var first = new Option<int>("--first-instance") { Description = "first lab BMC instance number (UDP port 9623 + N)", DefaultValueFactory = _ => defaults.FirstInstance };
        var lab = new Option<string>("--lab") { Description = "the lab's scripts (bmc.sh)", DefaultValueFactory = _ => defaults.LabDirectory };
        var labWork = new Option<string>("--lab-work") { Description = "LAB_WORK for the BMC instances", DefaultValueFactory = _ => defaults.LabWork };
        var command = new Command("bmc", "N lab BMCs held by one solwatch process vs one ipmitool sol activate per console: memory, CPU, bytes delivered.")
        {
            bmcs, seconds, rate, first, lab, labWork,
        };
        command.SetAction(async (p, ct) =>
        {
            var options = new BmcBenchOptions
            {
                Bmcs = p.GetValue(bmcs),
                Streaming = TimeSpan.FromSeconds(p.GetValue(seconds)),
                BytesPerSecond = p.GetValue(rate),
                FirstInstance = p.GetValue(first),
                LabDirectory = p.GetValue(lab) ?? defaults.LabDirectory,
                LabWork = p.GetValue(labWork) ?? defaults.LabWork,
            };
            if (options.Bmcs < 1 || options.Streaming <= TimeSpan.Zero || options.BytesPerSecond < 1
                || options.FirstInstance < 0 || options.FirstInstance + options.Bmcs > 1000)
            {
                Console.Error.WriteLine("solwatch bench bmc: --bmcs, --seconds and --rate must be > 0, and the instances (--first-instance + --bmcs) within 0-999");
                return ExitCodes.Error;
            }
            try
            {
                BmcBenchReport report = await BmcBench.RunAsync(options, Console.Out, ct);
                report.Print(Console.Out);
                return report.Lossless ? ExitCodes.Ok : ExitCodes.Error;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"solwatch bench bmc: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
