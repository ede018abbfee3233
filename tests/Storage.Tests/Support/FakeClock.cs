namespace SolWatch.Storage.Tests.Support;

/// <summary>A clock the test sets by hand.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
