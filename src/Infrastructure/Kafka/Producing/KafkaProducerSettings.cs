using System.Globalization;
using Confluent.Kafka;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>
/// The librdkafka producer settings of docs/design.md §3.2, by their librdkafka names (each checked against
/// librdkafka 2.16.0's CONFIGURATION.md; the Java-only <c>max.request.size</c> is deliberately absent).
/// </summary>
public static class KafkaProducerSettings
{
    public static ProducerConfig Build(string bootstrapServers, IEnumerable<KeyValuePair<string, string>>? additional = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
        };
        config.Set("acks", "all");
        config.Set("enable.idempotence", "true");
        config.Set("message.send.max.retries", "10");
        config.Set("message.timeout.ms", "30000");
        config.Set("linger.ms", "10");
        config.Set("batch.num.messages", "1000");
        config.Set("queue.buffering.max.kbytes", "102400");
        config.Set("compression.type", "lz4");
        config.Set("socket.keepalive.enable", "true");
        config.Set("connections.max.idle.ms", "300000");
        config.Set("statistics.interval.ms", "60000");
        config.Set("partitioner", "murmur2_random");
        // The round's value limit; librdkafka counts key and headers too, so a round just under it can still be refused.
        config.Set("message.max.bytes", RoundLimits.MaxValueBytes.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in additional ?? [])
        {
            config.Set(key, value);
        }

        return config;
    }
}
