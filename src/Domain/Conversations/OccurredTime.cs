namespace Recorder.Domain.Conversations;

/// <summary>
/// The moment a round happened: what <c>occurred DATETIME(3)</c> can hold, and which moments are plausible enough to
/// trust. A round whose own moment is implausible keeps its rows but takes the time of the record that carried it.
/// </summary>
public static class OccurredTime
{
    /// <summary>No conversation this service records happened before 2000; earlier values are unset fields or bugs.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Producers' clocks may run somewhat ahead of the broker's; a day covers any sane skew.</summary>
    public static readonly TimeSpan MaxAheadOfRecord = TimeSpan.FromDays(1);

    /// <summary>Lower bound of MySQL <c>DATETIME</c>: anything earlier cannot be stored at all.</summary>
    public static readonly DateTime EarliestStorable = new(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// True when <paramref name="occurred"/> lies from <see cref="Earliest"/> to <see cref="MaxAheadOfRecord"/> past
    /// <paramref name="recordTime"/> (the time of the record that carries the round, or now when it has none).
    /// </summary>
    public static bool IsPlausible(DateTime occurred, DateTime recordTime)
    {
        var value = Normalize(occurred);
        return value >= Earliest && value <= LatestFor(recordTime);
    }

    /// <summary>The latest plausible moment for a round carried by a record of <paramref name="recordTime"/>.</summary>
    public static DateTime LatestFor(DateTime recordTime)
    {
        var record = Normalize(recordTime);
        return record > DateTime.MaxValue - MaxAheadOfRecord ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : record + MaxAheadOfRecord;
    }

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
