namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>One partition of the recorder's topic for the recorder's group.</summary>
/// <param name="Partition">The partition id.</param>
/// <param name="Low">The first retained offset.</param>
/// <param name="High">The end offset (one past the last record).</param>
/// <param name="Committed">The group's committed offset, or null when it has none.</param>
public sealed record PartitionOffsets(int Partition, long Low, long High, long? Committed)
{
    /// <summary>
    /// Where the group resumes: its committed offset; the first retained one when it has none or retention deleted
    /// past it (the recorder's <c>auto.offset.reset</c> is earliest).
    /// </summary>
    public long Position => Committed is { } committed && committed >= Low ? Math.Min(committed, High) : Low;

    /// <summary>Records the group has still to read.</summary>
    public long Lag => High - Position;
}
