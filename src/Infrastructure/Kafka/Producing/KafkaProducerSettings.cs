using Confluent.Kafka;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>
/// The producer configuration of docs/design.md §3.2, typed (property names checked against librdkafka 2.16.0's
/// CONFIGURATION.md; the Java-only <c>max.request.size</c> does not exist there, and <c>queue.buffering.max.ms</c>
/// is only an alias of <c>linger.ms</c>).
/// </summary>
public static class KafkaProducerSettings
{
    /// <summary>The scheduler-side producer's <c>client.id</c>, so brokers and operators can tell it apart.</summary>
    public const string SchedulerClientId = "qywx-producer-recorder";

    public static ProducerConfig Build(string bootstrapServers, IEnumerable<KeyValuePair<string, string>>? additional = null, string clientId = SchedulerClientId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageSendMaxRetries = 10,
            MessageTimeoutMs = 30_000,
            LingerMs = 10,
            BatchNumMessages = 1_000,
            QueueBufferingMaxKbytes = 102_400,
            CompressionType = CompressionType.Lz4,
            SocketKeepaliveEnable = true,
            ConnectionsMaxIdleMs = 300_000,
            StatisticsIntervalMs = 60_000,
            Partitioner = Partitioner.Murmur2Random,
            MessageMaxBytes = RoundLimits.MaxValueBytes,
        };
        foreach (var (key, value) in additional ?? [])
        {
            config.Set(key, value);
        }

        return config;
    }
}
