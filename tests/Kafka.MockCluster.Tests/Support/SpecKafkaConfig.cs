using Confluent.Kafka;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>
/// Producer and consumer settings exactly as docs/design.md §3.2 and §5.1 name them (librdkafka property names), so
/// the tests pin the behaviour the recorder relies on with the recorder's own configuration.
/// </summary>
internal static class SpecKafkaConfig
{
    public const int MessageMaxBytes = 6_291_456;

    public static ProducerConfig Producer(string bootstrapServers) => new(new Dictionary<string, string>
    {
        ["bootstrap.servers"] = bootstrapServers,
        ["acks"] = "all",
        ["enable.idempotence"] = "true",
        ["message.send.max.retries"] = "10",
        ["message.timeout.ms"] = "30000",
        ["linger.ms"] = "10",
        ["batch.num.messages"] = "1000",
        ["queue.buffering.max.kbytes"] = "102400",
        ["compression.type"] = "lz4",
        ["socket.keepalive.enable"] = "true",
        ["connections.max.idle.ms"] = "300000",
        ["statistics.interval.ms"] = "60000",
        ["partitioner"] = "murmur2_random",
        ["message.max.bytes"] = "6291456",
    });

    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new(new Dictionary<string, string>
    {
        ["bootstrap.servers"] = bootstrapServers,
        ["group.id"] = groupId,
        ["partition.assignment.strategy"] = "cooperative-sticky",
        ["enable.auto.commit"] = "false",
        ["enable.auto.offset.store"] = "false",
        ["auto.offset.reset"] = "earliest",
        ["session.timeout.ms"] = "30000",
        ["heartbeat.interval.ms"] = "3000",
        ["max.poll.interval.ms"] = "600000",
        ["fetch.wait.max.ms"] = "50",
        ["max.partition.fetch.bytes"] = "6291456",
        ["fetch.max.bytes"] = "67108864",
        ["statistics.interval.ms"] = "60000",
    });
}
