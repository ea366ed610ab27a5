using System.Globalization;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Builds the librdkafka settings of the gated consumer from <see cref="KafkaConsumerOptions"/>.</summary>
public static class KafkaConsumerSettings
{
    /// <summary>The librdkafka settings, by their librdkafka names (checked against librdkafka 2.16.0).</summary>
    public static IReadOnlyDictionary<string, string> Build(KafkaConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();

        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
            ["client.id"] = string.IsNullOrWhiteSpace(options.ClientId)
                ? "qywx-recorder-" + Environment.MachineName
                : options.ClientId,
            ["group.id"] = options.GroupId,
            ["partition.assignment.strategy"] = "cooperative-sticky",
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["auto.offset.reset"] = options.AutoOffsetReset,
            ["session.timeout.ms"] = Text(options.SessionTimeoutMs),
            ["heartbeat.interval.ms"] = Text(options.HeartbeatIntervalMs),
            ["max.poll.interval.ms"] = Text(options.MaxPollIntervalMs),
            ["fetch.wait.max.ms"] = Text(options.FetchWaitMaxMs),
            ["max.partition.fetch.bytes"] = Text(options.MaxPartitionFetchBytes),
            ["fetch.max.bytes"] = Text(options.FetchMaxBytes),
            ["statistics.interval.ms"] = Text(options.StatisticsIntervalMs),
        };

        foreach (var (key, value) in options.AdditionalSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static ConsumerConfig BuildConfig(KafkaConsumerOptions options) => new(Build(options).ToDictionary());

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
