namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Doubling delay between redeliveries of a message that was not acknowledged, capped.</summary>
internal sealed class RetryBackoff
{
    public RetryBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        Initial = initial;
        Maximum = maximum;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Maximum { get; }

    /// <summary>Delay after the given failed attempt (1 for the first).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var ticks = Math.Min(Initial.Ticks * factor, Maximum.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
