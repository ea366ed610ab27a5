using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// Reads partitions of one topic from given offsets up to the end each had when reading began, so a command ends
/// even while the topic keeps growing. Records beyond that end are not returned; their partition is paused.
/// </summary>
public sealed class TopicSnapshotReader
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _topic;
    private readonly Dictionary<int, long> _ends;
    private readonly HashSet<int> _open;

    private TopicSnapshotReader(IConsumer<byte[], byte[]> consumer, string topic, IReadOnlyList<PartitionRange> ranges)
    {
        _consumer = consumer;
        _topic = topic;
        Ranges = ranges;
        _ends = ranges.ToDictionary(r => r.Partition, r => r.End);
        _open = [.. ranges.Where(r => r.Start < r.End).Select(r => r.Partition)];
        consumer.Assign(ranges.Where(r => _open.Contains(r.Partition)).Select(r => new TopicPartitionOffset(topic, r.Partition, r.Start)));
    }

    /// <summary>Where each partition is read from and up to (exclusive).</summary>
    public IReadOnlyList<PartitionRange> Ranges { get; }

    /// <summary>Records between the start offsets and the ends, at most (gaps make it fewer).</summary>
    public long Remaining => Ranges.Sum(r => Math.Max(0, r.End - r.Start));

    public bool IsComplete => _open.Count == 0;

    /// <summary>
    /// Opens a reader over every partition of <paramref name="topic"/>. A partition starts at
    /// <paramref name="startOf"/>'s offset when it gives one inside the retained log, else at its first retained record.
    /// </summary>
    public static TopicSnapshotReader Open(IConsumer<byte[], byte[]> consumer, string topic, IReadOnlyList<int> partitions,
        TimeSpan timeout, Func<int, long?>? startOf = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(partitions);
        var ranges = new List<PartitionRange>(partitions.Count);
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), timeout);
            var low = watermarks.Low.Value;
            var high = watermarks.High.Value;
            // A position before the first retained record was deleted by retention; one past the end (the topic was
            // recreated) has nothing to read.
            var start = startOf?.Invoke(partition) is { } position ? Math.Clamp(position, low, high) : low;
            ranges.Add(new PartitionRange(partition, low, start, high));
        }

        return new TopicSnapshotReader(consumer, topic, ranges);
    }

    /// <summary>The next record, or null when none arrived within <paramref name="wait"/> or everything was read.</summary>
    public ConsumeResult<byte[], byte[]>? Next(TimeSpan wait)
    {
        while (!IsComplete)
        {
            var record = _consumer.Consume(wait);
            if (record is null)
            {
                return null;
            }

            var partition = record.Partition.Value;
            if (!_open.Contains(partition))
            {
                continue;
            }

            if (record.IsPartitionEOF || record.Offset.Value >= _ends[partition])
            {
                Close(partition);
                continue;
            }

            if (record.Offset.Value + 1 >= _ends[partition])
            {
                Close(partition);
            }

            return record;
        }

        return null;
    }

    private void Close(int partition)
    {
        _open.Remove(partition);
        _consumer.Pause([new TopicPartition(_topic, partition)]);
    }
}

/// <summary>One partition of a snapshot read: its first retained offset, where reading starts, and its end (exclusive).</summary>
public sealed record PartitionRange(int Partition, long Low, long Start, long End);
