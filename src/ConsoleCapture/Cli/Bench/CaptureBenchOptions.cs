namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The workload of <c>solwatch bench capture</c>.</summary>
internal sealed record CaptureBenchOptions
{
    /// <summary>Consoles connected at once.</summary>
    public int Consoles { get; init; } = 200;

    /// <summary>How long the consoles stream (after all are connected and the idle memory is measured).</summary>
    public TimeSpan Streaming { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of consoles that replay a whole boot + kernel panic at full serial speed, again and again.</summary>
    public double BurstingShare { get; init; } = 0.02;

    /// <summary>Serial line speed in bytes per second (115200 baud 8N1 = 11520 B/s).</summary>
    public int BytesPerSecond { get; init; } = 11520;

    /// <summary>Mean pause between two lines of a trickling (idle-ish) console.</summary>
    public TimeSpan TrickleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The detector's quiet period: a report still open is closed after this much silence.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Keep raw transcripts too, as the daemon does for tcp consoles by default (storage.rawTranscripts: auto).</summary>
    public bool RawTranscripts { get; init; } = true;

    /// <summary>Where the stores are created; a temporary directory (deleted afterwards) when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"solwatch bench capture --consoles {Consoles} --seconds {Streaming.TotalSeconds:0.#} --bursting {BurstingShare:0.###} --trickle-seconds {TrickleInterval.TotalSeconds:0.#} --quiet-ms {QuietPeriod.TotalMilliseconds:0} --raw-transcripts {(RawTranscripts ? "true" : "false")}");
}
