using System.CommandLine;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary><c>solwatch bench hostile-netconsole</c>: its options; exit 0 only when the daemon stayed under the RSS limit and both crashes were stored.</summary>
internal static class HostileNetconsoleCommand
{
    public static Command Create()
    {
        var defaults = new HostileNetconsoleOptions();
        var seconds = new Option<double>("--seconds") { Description = "how long the hostile traffic lasts", DefaultValueFactory = _ => defaults.Flood.TotalSeconds };
        var senders = new Option<int>("--spoofed-senders") { Description = "distinct spoofed source addresses (127.16.0.0/12, at most 1048576)", DefaultValueFactory = _ => defaults.SpoofedSenders };
        var rate = new Option<int>("--rate") { Description = "hostile datagrams per second", DefaultValueFactory = _ => defaults.DatagramsPerSecond };
        var share = new Option<double>("--allowed-share") { Description = "share of them from the allowed sender with huge ncfrag totals", DefaultValueFactory = _ => defaults.AllowedSenderShare };
        var limit = new Option<int>("--rss-limit-mb") { Description = "peak RSS the daemon must stay under", DefaultValueFactory = _ => (int)(defaults.RssLimitBytes >> 20) };
        var daemonPath = new Option<string?>("--daemon") { Description = "the solwatch binary to run as the daemon (e.g. an older build, to compare); default this one" };
        var heap = new Option<int?>("--heap-limit-mb") { Description = "GC heap limit for the daemon (DOTNET_GCHeapHardLimit), as a systemd MemoryMax would impose" };
        var work = new Option<string?>("--work-dir") { Description = "where the daemon's config and stores go; default a temporary directory, deleted afterwards" };
        var command = new Command("hostile-netconsole", "A real daemon flooded with spoofed and oversized netconsole datagrams: its RSS against idle, and whether its real consoles' crashes are still stored.")
        {
            seconds, senders, rate, share, limit, daemonPath, heap, work,
        };
        command.SetAction(async (p, ct) =>
        {
            var options = new HostileNetconsoleOptions
            {
                Flood = TimeSpan.FromSeconds(p.GetValue(seconds)),
                SpoofedSenders = p.GetValue(senders),
                DatagramsPerSecond = p.GetValue(rate),
                AllowedSenderShare = p.GetValue(share),
                RssLimitBytes = (long)p.GetValue(limit) << 20,
                DaemonPath = p.GetValue(daemonPath),
                HeapLimitMb = p.GetValue(heap),
                WorkDirectory = p.GetValue(work),
            };
            if (options.Flood <= TimeSpan.Zero || options.SpoofedSenders is < 1 or > (1 << 20) || options.DatagramsPerSecond < 1
                || options.AllowedSenderShare is < 0 or > 1 || options.RssLimitBytes <= 0 || options.HeapLimitMb is < 1)
            {
                Console.Error.WriteLine("solwatch bench hostile-netconsole: --seconds, --rate and --rss-limit-mb must be > 0, --spoofed-senders 1-1048576, --allowed-share 0-1, --heap-limit-mb > 0");
                return ExitCodes.Error;
            }
            try
            {
                HostileNetconsoleReport report = await HostileNetconsoleBench.RunAsync(options, Console.Out, ct);
                report.Print(Console.Out);
                return report.Passed ? ExitCodes.Ok : ExitCodes.Error;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.Sockets.SocketException or HttpRequestException)
            {
                Console.Error.WriteLine($"solwatch bench hostile-netconsole: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
