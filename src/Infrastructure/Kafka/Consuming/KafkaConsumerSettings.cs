using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Builds the typed librdkafka configuration of the gated consumer from <see cref="KafkaConsumerOptions"/>.</summary>
public static class KafkaConsumerSettings
{
    /// <summary>
    /// The consumer's configuration (property names checked against librdkafka 2.16.0's CONFIGURATION.md): the
    /// settings of docs/design.md §5.1, a bounded pre-fetch queue, then <see cref="KafkaConsumerOptions.AdditionalSettings"/>.
    /// </summary>
    public static ConsumerConfig BuildConfig(KafkaConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();

        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = string.IsNullOrWhiteSpace(options.ClientId) ? "qywx-recorder-" + Environment.MachineName : options.ClientId,
            GroupId = options.GroupId,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = OffsetReset(options.AutoOffsetReset),
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = options.HeartbeatIntervalMs,
            MaxPollIntervalMs = options.MaxPollIntervalMs,
            FetchWaitMaxMs = options.FetchWaitMaxMs,
            MaxPartitionFetchBytes = options.MaxPartitionFetchBytes,
            FetchMaxBytes = options.FetchMaxBytes,
            StatisticsIntervalMs = options.StatisticsIntervalMs,
            // librdkafka's own default (64 MiB) would pre-fetch that much on top of what the byte budget admits.
            QueuedMaxMessagesKbytes = options.QueuedMaxMessagesKbytes,
            // Pausing a partition discards its pre-fetched messages: with librdkafka's default count (100,000) the
            // queue was bounded only by the kilobytes, and a drain fetched most of a backlog twice. A short backoff
            // keeps the smaller queue filled.
            QueuedMinMessages = options.QueuedMinMessages,
            FetchQueueBackoffMs = options.FetchQueueBackoffMs,
        };

        foreach (var (key, value) in options.AdditionalSettings)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>The same configuration by librdkafka property name, sorted (for tests and diagnostics).</summary>
    public static IReadOnlyDictionary<string, string> Build(KafkaConsumerOptions options) =>
        new SortedDictionary<string, string>(BuildConfig(options).ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    private static AutoOffsetReset OffsetReset(string value) => value switch
    {
        "smallest" or "earliest" or "beginning" => AutoOffsetReset.Earliest,
        "largest" or "latest" or "end" => AutoOffsetReset.Latest,
        _ => AutoOffsetReset.Error,
    };
}
