namespace Recorder.Domain.Conversations;

/// <summary>Normalises the moment a round happened to what <c>occurred DATETIME(3)</c> can hold.</summary>
public static class OccurredTime
{
    /// <summary>
    /// Converts to UTC (an unspecified kind is taken to be UTC already, since the wire format carries no zone) and
    /// truncates to whole milliseconds, so the value in memory equals the value the unique key will compare.
    /// </summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };

        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
