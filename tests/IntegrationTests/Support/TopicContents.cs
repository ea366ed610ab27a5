using Confluent.Kafka;

namespace Recorder.IntegrationTests.Support;

/// <summary>Everything a topic holds right now, read with an assign-only consumer that commits nothing.</summary>
internal static class TopicContents
{
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "topic-contents-reader", // never joined, never committed
            EnableAutoCommit = false,
            MaxPartitionFetchBytes = 8 * 1024 * 1024,
        }).SetLogHandler((_, _) => { }).Build();
        var ends = Enumerable.Range(0, partitions)
            .Select(p => (Partition: p, End: consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value))
            .Where(p => p.End > 0)
            .ToDictionary(p => p.Partition, p => p.End);
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (records.Count < ends.Values.Sum() && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        Assert.Equal(ends.Values.Sum(), records.Count);
        return records;
    }
}
