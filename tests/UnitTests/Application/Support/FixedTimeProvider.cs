namespace Recorder.UnitTests.Application.Support;

/// <summary>A clock that stands still, so time-dependent rules are deterministic.</summary>
public sealed class FixedTimeProvider : TimeProvider
{
    public FixedTimeProvider(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
