using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The workload of <c>solwatch bench web</c>.</summary>
internal sealed record WebBenchOptions
{
    /// <summary>Consoles of the daemon, each fed by a local tcp peer.</summary>
    public int Consoles { get; init; } = 2000;

    /// <summary>Share of consoles that print a kernel panic over and over during the storm.</summary>
    public double StormShare { get; init; } = 0.1;

    /// <summary>Consoles whose stamped lines are followed (tail stream and the dashboard's list); they do not crash.</summary>
    public int Watched { get; init; } = 8;

    /// <summary>Sampling before the storm (the idle figures).</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the storm lasts; sampling runs all along.</summary>
    public TimeSpan Storm { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause between two samples of each request kind (requests are not waited for: they overlap when slow).</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pause between two stamped lines of a watched console.</summary>
    public TimeSpan StampInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Serial line speed of a crashing console in bytes per second (115200 baud 8N1 = 11520 B/s).</summary>
    public int BytesPerSecond { get; init; } = 11520;

    /// <summary>Mean pause between two ordinary lines of the other consoles.</summary>
    public TimeSpan TrickleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The goal: first byte of the console list at p99.</summary>
    public TimeSpan Goal { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The solwatch executable run as the daemon; default the one next to this assembly, else this process.</summary>
    public string? DaemonPath { get; init; }

    /// <summary>Where the daemon's config and stores go; a temporary directory (deleted afterwards) when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"solwatch bench web --consoles {Consoles} --storm-share {StormShare:0.###} --watched {Watched} --baseline-seconds {Baseline.TotalSeconds:0.#} --storm-seconds {Storm.TotalSeconds:0.#} --sample-ms {SampleInterval.TotalMilliseconds:0}");

    /// <summary>What is wrong with these options, or null.</summary>
    public string? Problem() =>
        Consoles < 2 ? "--consoles must be at least 2"
        : Watched < 1 || Watched >= Consoles ? "--watched must be at least 1 and below --consoles"
        : StormShare is <= 0 or > 1 ? "--storm-share must be in (0, 1]"
        : Baseline < TimeSpan.Zero || Storm <= TimeSpan.Zero || SampleInterval <= TimeSpan.Zero ? "--baseline-seconds must be >= 0, --storm-seconds and --sample-ms > 0"
        : BenchCommand.WorkDirProblem(WorkDirectory);
}
