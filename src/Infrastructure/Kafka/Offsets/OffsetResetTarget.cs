namespace Recorder.Infrastructure.Kafka.Offsets;

public enum OffsetResetKind
{
    Earliest,
    Latest,
    DateTime,
}

/// <summary>Where <c>offsets reset</c> moves the group: the first retained record, the end, or the first record at or after a moment.</summary>
public sealed record OffsetResetTarget(OffsetResetKind Kind, DateTimeOffset? Moment = null)
{
    public static OffsetResetTarget Earliest { get; } = new(OffsetResetKind.Earliest);

    public static OffsetResetTarget Latest { get; } = new(OffsetResetKind.Latest);

    public static OffsetResetTarget At(DateTimeOffset moment) => new(OffsetResetKind.DateTime, moment);

    public override string ToString() => Kind switch
    {
        OffsetResetKind.Earliest => "earliest",
        OffsetResetKind.Latest => "latest",
        _ => "datetime " + Moment?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };
}
