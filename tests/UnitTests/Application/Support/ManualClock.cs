namespace Recorder.UnitTests.Application.Support;

/// <summary>A clock whose wall time and stopwatch move only when told to, so durations are exact.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _timestamp;

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by)
    {
        _timestamp += by.Ticks;
        Now += by;
    }
}
