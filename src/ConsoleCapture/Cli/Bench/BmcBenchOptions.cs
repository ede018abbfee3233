using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The workload of <c>solwatch bench bmc</c>.</summary>
internal sealed record BmcBenchOptions
{
    /// <summary>Lab BMC instances started (numbers <see cref="FirstInstance"/> and up).</summary>
    public int Bmcs { get; init; } = 50;

    /// <summary>How long every console is written to, per phase.</summary>
    public TimeSpan Streaming { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Bytes per second written into each BMC's serial port (115200 baud 8N1 = 11520 B/s).</summary>
    public int BytesPerSecond { get; init; } = 11520;

    /// <summary>The first lab instance number; the lab's UDP port is 9623 + instance.</summary>
    public int FirstInstance { get; init; } = 100;

    /// <summary>The lab's script directory (bmc.sh).</summary>
    public string LabDirectory { get; init; } = Path.Combine("..", "shared", "lab");

    /// <summary>The lab's work directory (LAB_WORK) for the BMC instances.</summary>
    public string LabWork { get; init; } = "/tmp/solwatch-lab-bmcbench";

    /// <summary>The command line that reproduces this run.</summary>
    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"solwatch bench bmc --bmcs {Bmcs} --seconds {Streaming.TotalSeconds:0.#} --rate {BytesPerSecond} --first-instance {FirstInstance} --lab {LabDirectory} --lab-work {LabWork}");
}
