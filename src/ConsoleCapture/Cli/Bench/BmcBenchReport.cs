using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>One side of <c>solwatch bench bmc</c>.</summary>
/// <param name="Name">Who held the consoles.</param>
/// <param name="BytesWritten">Bytes written into all serial ports.</param>
/// <param name="BytesDelivered">Bytes that came out of the consoles after the probe.</param>
/// <param name="IntactConsoles">Consoles whose output equals, byte for byte, what was written.</param>
/// <param name="CpuSeconds">CPU time (user + system) of the console holder(s) while streaming and draining.</param>
/// <param name="WallSeconds">Wall time of streaming and draining.</param>
/// <param name="IdleRssBytesPerConsole">As <paramref name="RssBytesPerConsole"/>, all consoles attached, before the stream.</param>
/// <param name="RssBytesPerConsole">Resident memory per console after the stream: RSS delta of the daemon, or the sum of the peers' RSS, / N.</param>
/// <param name="PssBytesPerConsole">Proportional set size per console (shared library pages split among their users; peers only).</param>
/// <param name="ManagedBytesPerConsole">Managed heap delta / N (SolWatch only).</param>
/// <param name="Threads">Threads added (SolWatch) or threads of all peer processes.</param>
/// <param name="WriterCpuSeconds">CPU time of the bench's serial writer thread (in the solwatch process in both phases).</param>
/// <param name="HarnessCpuSeconds">CPU time of this process in the ipmitool phase (the writer and the pipe readers).</param>
internal sealed record BmcPhaseResult(
    string Name, long BytesWritten, long BytesDelivered, int IntactConsoles, double CpuSeconds, double WallSeconds,
    double IdleRssBytesPerConsole, double RssBytesPerConsole, double? PssBytesPerConsole, double? ManagedBytesPerConsole, int Threads, double WriterCpuSeconds, double? HarnessCpuSeconds);

/// <summary>The side-by-side result of <c>solwatch bench bmc</c>.</summary>
internal sealed record BmcBenchReport(BmcBenchOptions Options, BmcPhaseResult SolWatch, BmcPhaseResult Peer, string LoadAverage)
{
    /// <summary>No byte lost or altered on either side.</summary>
    public bool Lossless => SolWatch.IntactConsoles == Options.Bmcs && Peer.IntactConsoles == Options.Bmcs;

    /// <summary>Prints the table and how to reproduce it.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int n = Options.Bmcs;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} lab BMCs (ipmi_sim, no VM), {Options.BytesPerSecond} B/s into each serial port for {Options.Streaming.TotalSeconds:0.#} s; {Environment.ProcessorCount} cores; load {LoadAverage}"));
        output.WriteLine($"{"",-36} {"solwatch (1 process)",22} {"ipmitool sol activate",22}");
        Row(output, "processes", "1", n.ToString(CultureInfo.InvariantCulture));
        Row(output, "RSS/console attached (sw: delta)", Kb(SolWatch.IdleRssBytesPerConsole), Kb(Peer.IdleRssBytesPerConsole));
        Row(output, "RSS/console after stream (sw: delta)", Kb(SolWatch.RssBytesPerConsole), Kb(Peer.RssBytesPerConsole));
        Row(output, "PSS per console (shared libs split)", "-", Peer.PssBytesPerConsole is { } pss ? Kb(pss) : "-");
        Row(output, "managed heap per console", SolWatch.ManagedBytesPerConsole is { } m ? Kb(m) : "-", "-");
        BmcPhaseResult net = SolWatch with { CpuSeconds = SolWatch.CpuSeconds - SolWatch.WriterCpuSeconds };
        Row(output, "CPU per console (% of one core)", Pct(net, n), Pct(Peer, n));
        Row(output, "CPU all consoles (% of one core)", Pct(net, 1), Pct(Peer, 1));
        Row(output, "threads", $"+{SolWatch.Threads}", Peer.Threads.ToString(CultureInfo.InvariantCulture));
        Row(output, "bytes written", SolWatch.BytesWritten.ToString(CultureInfo.InvariantCulture), Peer.BytesWritten.ToString(CultureInfo.InvariantCulture));
        Row(output, "bytes delivered", SolWatch.BytesDelivered.ToString(CultureInfo.InvariantCulture), Peer.BytesDelivered.ToString(CultureInfo.InvariantCulture));
        Row(output, "bytes lost", (SolWatch.BytesWritten - SolWatch.BytesDelivered).ToString(CultureInfo.InvariantCulture), (Peer.BytesWritten - Peer.BytesDelivered).ToString(CultureInfo.InvariantCulture));
        Row(output, "consoles byte-exact", $"{SolWatch.IntactConsoles}/{n}", $"{Peer.IntactConsoles}/{n}");
        Row(output, "wall (stream + drain) s", SolWatch.WallSeconds.ToString("F1", CultureInfo.InvariantCulture), Peer.WallSeconds.ToString("F1", CultureInfo.InvariantCulture));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solwatch CPU = whole process minus the bench's serial writer thread ({SolWatch.WriterCpuSeconds * 100 / SolWatch.WallSeconds:F1}% of one core; with it: {SolWatch.CpuSeconds * 100 / SolWatch.WallSeconds:F1}%);"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in the ipmitool phase this process (writer + {n} pipe readers) used {Peer.HarnessCpuSeconds * 100 / Peer.WallSeconds:F1}% of one core, not counted for ipmitool."));
        output.WriteLine("reproduce: " + Options.CommandLine);
    }

    private static void Row(TextWriter output, string label, string ours, string peer) => output.WriteLine($"{label,-36} {ours,22} {peer,22}");

    private static string Kb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:F0} KiB");

    private static string Pct(BmcPhaseResult r, int per) => string.Create(CultureInfo.InvariantCulture, $"{r.CpuSeconds * 100 / r.WallSeconds / per:F2}%");
}
