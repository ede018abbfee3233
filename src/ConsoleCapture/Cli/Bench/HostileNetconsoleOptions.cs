namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The workload of <c>solwatch bench hostile-netconsole</c>.</summary>
internal sealed record HostileNetconsoleOptions
{
    /// <summary>How long the hostile traffic lasts.</summary>
    public TimeSpan Flood { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Distinct spoofed source addresses (taken from 127.16.0.0/12, at most 1,048,576).</summary>
    public int SpoofedSenders { get; init; } = 1_000_000;

    /// <summary>Hostile datagrams per second (spoofed unknown senders, and huge ncfrag totals from the allowed sender).</summary>
    public int DatagramsPerSecond { get; init; } = 25_000;

    /// <summary>Share of the hostile datagrams that come from the allowed netconsole sender with huge ncfrag totals.</summary>
    public double AllowedSenderShare { get; init; } = 0.1;

    /// <summary>Peak RSS the daemon must stay under.</summary>
    public long RssLimitBytes { get; init; } = 200L << 20;

    /// <summary>The solwatch binary to run as the daemon (e.g. an older build, to compare); default this one.</summary>
    public string? DaemonPath { get; init; }

    /// <summary>A GC heap limit for the daemon (DOTNET_GCHeapHardLimit), as a systemd MemoryMax would impose; none by default.</summary>
    public int? HeapLimitMb { get; init; }

    /// <summary>Where the daemon's config and stores go; default a temporary directory, deleted afterwards.</summary>
    public string? WorkDirectory { get; init; }
}
