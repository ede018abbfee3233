namespace SolWatch.Storage.Incidents;

/// <summary>An incident waiting in the writer's queue, with the task its producer awaits.</summary>
internal sealed class PendingIncident(NewIncident incident)
{
    public NewIncident Incident { get; } = incident;

    public bool Panicked => Incident.Report.Panicked;

    /// <summary>Assigned by the writer on the first attempt and kept across retries (so a retry cannot duplicate).</summary>
    public long Id { get; set; }

    // RunContinuationsAsynchronously: the producer's continuation must not run on (and stall) the writer.
    public TaskCompletionSource<Incident> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
