using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Receipt of an offset handed to <see cref="OffsetManager.TryTrack"/>; completing it marks the offset done.
/// </summary>
/// <remarks>
/// It is bound to the assignment it was tracked under: once the partition is revoked or lost, completing it is
/// ignored, even if the partition has been assigned again in the meantime.
/// </remarks>
public readonly struct TrackedOffset
{
    internal TrackedOffset(OffsetManager.PartitionEntry entry, long sequence, long offset)
    {
        Entry = entry;
        Sequence = sequence;
        Offset = offset;
    }

    public TopicPartition Partition => Entry.Gate.Partition;

    public long Offset { get; }

    internal OffsetManager.PartitionEntry Entry { get; }

    internal long Sequence { get; }
}
