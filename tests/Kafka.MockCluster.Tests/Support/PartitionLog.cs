using Confluent.Kafka;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>Reads what the brokers hold: every record of a topic, partition by partition, up to the end.</summary>
internal static class PartitionLog
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>All records of <paramref name="partitions"/> partitions of <paramref name="topic"/>, per partition in
    /// offset order, from the beginning to the high watermark at the time of the call.</summary>
    public static IReadOnlyDictionary<int, List<ConsumeResult<string?, byte[]>>> ReadAll(
        string bootstrapServers, string topic, int partitions, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "log-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
            MaxPartitionFetchBytes = SpecKafkaConfig.MessageMaxBytes,
            FetchMaxBytes = 67_108_864,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();

        var records = Enumerable.Range(0, partitions).ToDictionary(p => p, _ => new List<ConsumeResult<string?, byte[]>>());
        var remaining = new Dictionary<int, long>();
        foreach (var partition in Enumerable.Range(0, partitions))
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            if (watermarks.High > watermarks.Low)
            {
                remaining[partition] = watermarks.High;
            }
        }

        consumer.Assign(remaining.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        while (remaining.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(PollInterval);
            if (result is null)
            {
                continue;
            }

            var partition = result.Partition.Value;
            if (!remaining.TryGetValue(partition, out var end) || result.Offset.Value >= end)
            {
                continue;
            }

            records[partition].Add(result);
            if (result.Offset.Value == end - 1)
            {
                remaining.Remove(partition);
            }
        }

        consumer.Close();
        return records;
    }

    /// <summary>The high watermark (next offset) of each partition.</summary>
    public static IReadOnlyList<long> HighWatermarks(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "watermark-reader-" + Guid.NewGuid().ToString("N"),
        }).Build();
        return Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)
            .ToArray();
    }
}
