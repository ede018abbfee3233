using SolWatch.Parsers.Kdump;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>Converts a <see cref="KdumpFinding"/> to and from its <see cref="KdumpDocument"/>, field by field.</summary>
internal static class KdumpMapping
{
    public static KdumpDocument ToDocument(KdumpFinding f) => new()
    {
        Kind = f.Kind.ToString(),
        StartLine = f.StartLine,
        EndLine = f.EndLine,
        Armed = f.Armed,
        Outcome = f.Outcome.Name(),
        Reason = f.Reason,
        CrashKernelBytes = f.CrashKernelBytes,
        VmcorePath = f.VmcorePath,
        PanicTimeout = f.PanicTimeout,
        PanicOnOops = f.PanicOnOops,
        CaptureWithoutCrash = f.CaptureWithoutCrash,
        Timeline = [.. f.Timeline.Select(e => new KdumpEventDocument { Line = e.Line, AtTicks = e.At.UtcTicks, Event = e.Event })],
    };

    public static KdumpFinding ToFinding(KdumpDocument d) => new(
        Enum.TryParse(d.Kind, out KdumpFindingKind kind) ? kind : KdumpFindingKind.DumpAttempt,
        d.StartLine,
        d.EndLine,
        d.Armed,
        ParseOutcome(d.Outcome),
        d.Reason,
        d.CrashKernelBytes,
        d.VmcorePath,
        d.PanicTimeout,
        d.PanicOnOops,
        d.CaptureWithoutCrash,
        [.. d.Timeline.Select(e => new KdumpEvent(e.Line, e.AtTicks == 0 ? default : IncidentMapping.FromTicks(e.AtTicks), e.Event))]);

    public static ReadinessDocument ToDocument(ConsoleReadiness r) => new()
    {
        Id = r.Console, Host = r.Host, LearnedAtTicks = r.LearnedAt.UtcTicks, Readiness = ToDocument(r.Readiness),
    };

    public static ConsoleReadiness ToReadiness(ReadinessDocument d) =>
        new(d.Id, d.Host, ToFinding(d.Readiness), IncidentMapping.FromTicks(d.LearnedAtTicks));

    /// <summary>An outcome by its wire name; a name this build does not know reads as unknown.</summary>
    public static KdumpOutcome ParseOutcome(string name) =>
        Enum.GetValues<KdumpOutcome>().FirstOrDefault(o => o.Name() == name, KdumpOutcome.Unknown);
}
