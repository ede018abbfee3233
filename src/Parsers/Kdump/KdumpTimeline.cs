namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The steps of one kdump story (a boot's readiness, a crash's dump attempt), bounded: a console that repeats a line
/// without end (a panic printed in a loop, a service restarted every second, hostile bytes) neither grows it nor makes
/// each retelling of the story (<see cref="ToArray"/>, on every change) cost more.
/// </summary>
/// <remarks>
/// The same step again right after itself is left out: its first line says when it began, which is what a person
/// reads a timeline for. Past <see cref="MaxSteps"/> steps the last one gives way to each newer step, so the
/// beginning of the story and where it stands now are kept.
/// </remarks>
internal sealed class KdumpTimeline
{
    /// <summary>The most steps kept (a real story has fewer than twenty).</summary>
    internal const int MaxSteps = 64;

    private readonly List<KdumpEvent> _steps = [];

    /// <summary>Steps kept.</summary>
    public int Count => _steps.Count;

    /// <summary>Steps taken in so far (a step repeated right after itself is not): tells a changed story from an
    /// unchanged one when the count stays at <see cref="MaxSteps"/>.</summary>
    public int Changes { get; private set; }

    /// <summary>Adds a step (see the remarks for the two it leaves out or replaces).</summary>
    public void Add(KdumpEvent step)
    {
        if (_steps.Count > 0 && _steps[^1].Event == step.Event)
        {
            return;
        }
        Changes++;
        if (_steps.Count == MaxSteps)
        {
            // The last step gives way; when the one before it is this step again, the story is back there.
            _steps.RemoveAt(_steps.Count - 1);
            if (_steps[^1].Event == step.Event)
            {
                return;
            }
        }
        _steps.Add(step);
    }

    /// <summary>The steps in console order, for a finding.</summary>
    public KdumpEvent[] ToArray() => [.. _steps];
}
