using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>
/// The first offset of each partition whose record timestamp is at or after a moment, or the partition's end when
/// none is — Kafka's ListOffsets-by-timestamp (<c>OffsetsForTimes</c>).
/// </summary>
/// <remarks>
/// The answer "no such record" is checked against the partition's last record: when that record is at or after the
/// moment, the cluster did not look the time up (librdkafka's mock cluster answers every timestamp with the end), and
/// the partition is read from its start instead. On Apache Kafka the check costs one fetch per partition and only for
/// partitions answered with their end; the scan never runs.
/// </remarks>
internal static class TimestampOffsets
{
    public static Dictionary<int, long> Resolve(IConsumer<byte[], byte[]> reader, string topic, IReadOnlyList<PartitionOffsets> partitions,
        DateTimeOffset moment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timestamp = new Timestamp(moment);
        var answers = reader.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(topic, p.Partition, timestamp)), timeout)
            .ToDictionary(a => a.Partition.Value, a => a.Offset.Value);
        var targets = new Dictionary<int, long>();
        foreach (var partition in partitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answer = answers.GetValueOrDefault(partition.Partition, Offset.End.Value);
            targets[partition.Partition] = answer >= 0
                ? answer
                : partition.High > partition.Low && TimestampAt(reader, topic, partition.Partition, partition.High - 1, timeout) >= timestamp.UnixTimestampMs
                    ? Scan(reader, topic, partition, timestamp.UnixTimestampMs, timeout, cancellationToken)
                    : partition.High;
        }

        reader.Unassign();
        return targets;
    }

    private static long TimestampAt(IConsumer<byte[], byte[]> reader, string topic, int partition, long offset, TimeSpan timeout)
    {
        reader.Assign(new TopicPartitionOffset(topic, partition, offset));
        var record = Next(reader, timeout) ?? throw new KafkaException(ErrorCode.Local_TimedOut);
        return TimestampOf(record);
    }

    private static long Scan(IConsumer<byte[], byte[]> reader, string topic, PartitionOffsets partition, long timestampMs, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        reader.Assign(new TopicPartitionOffset(topic, partition.Partition, partition.Low));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = Next(reader, timeout);
            if (record is null || record.IsPartitionEOF || record.Offset.Value >= partition.High)
            {
                return partition.High;
            }

            if (TimestampOf(record) >= timestampMs)
            {
                return record.Offset.Value;
            }
        }
    }

    private static ConsumeResult<byte[], byte[]>? Next(IConsumer<byte[], byte[]> reader, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                return record;
            }
        }

        return null;
    }

    private static long TimestampOf(ConsumeResult<byte[], byte[]> record) =>
        record.IsPartitionEOF || record.Message.Timestamp.Type == TimestampType.NotAvailable ? long.MinValue : record.Message.Timestamp.UnixTimestampMs;
}
