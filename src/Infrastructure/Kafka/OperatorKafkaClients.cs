using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Kafka.Topics;

namespace Recorder.Infrastructure.Kafka;

/// <summary>
/// The Kafka clients of the operator commands (<c>dlq …</c>, <c>offsets …</c>). Each names its role in
/// <c>client.id</c>, so broker logs and quotas tell them from the recorder's own clients, takes the cluster's shared
/// settings (security) and reports librdkafka's log through <see cref="ILogger"/>.
/// </summary>
public sealed class OperatorKafkaClients(string bootstrapServers, IReadOnlyDictionary<string, string> settings, ILogger logger)
{
    /// <summary>Largest record the dead-letter topic holds: a round of the largest value plus the dlq_* headers.</summary>
    public const int MaxDeadLetterRecordBytes = RoundLimits.MaxValueBytes + TopicRequirement.DeadLetterHeadroomBytes;

    public string BootstrapServers => bootstrapServers;

    /// <summary>
    /// An assign-only reader: it never joins <paramref name="groupId"/> (no rebalance, no member for anyone to wait
    /// for) and commits nothing by itself; a caller may read and commit that group's offsets explicitly.
    /// (Confluent.Kafka requires a group id for every consumer, even one that only assigns.)
    /// </summary>
    public IConsumer<byte[], byte[]> CreateReader(string clientId, string groupId)
    {
        var config = new ConsumerConfig(settings.ToDictionary())
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            MaxPartitionFetchBytes = MaxDeadLetterRecordBytes,
            FetchMaxBytes = 67_108_864,
        };
        return new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, message) => Log(clientId, message)).Build();
    }

    /// <summary>
    /// The round producer's settings (acks=all, idempotent, murmur2_random, so a user's records land where the
    /// scheduler's producer puts them), with room for a record that came back from the dead-letter topic.
    /// </summary>
    public IProducer<byte[], byte[]> CreateProducer(string clientId, TimeSpan deliveryTimeout)
    {
        var config = KafkaProducerSettings.Build(bootstrapServers, settings);
        config.ClientId = clientId;
        config.MessageMaxBytes = MaxDeadLetterRecordBytes;
        config.MessageTimeoutMs = (int)deliveryTimeout.TotalMilliseconds;
        return new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, message) => Log(clientId, message)).Build();
    }

    public IAdminClient CreateAdmin(string clientId) =>
        new AdminClientBuilder(new AdminClientConfig(settings.ToDictionary()) { BootstrapServers = bootstrapServers, ClientId = clientId })
            .SetLogHandler((_, message) => Log(clientId, message))
            .Build();

    /// <summary>The partition ids of <paramref name="topic"/>, or null when the cluster does not know it.</summary>
    public static IReadOnlyList<int>? Partitions(IAdminClient admin, string topic, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var metadata = admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        return metadata is null || metadata.Error.Code != ErrorCode.NoError || metadata.Partitions.Count == 0
            ? null
            : [.. metadata.Partitions.Select(p => p.PartitionId).Order()];
    }

    private void Log(string clientId, LogMessage message)
    {
        // librdkafka reports connection trouble at warning level and retries by itself; the command's own result
        // says whether it mattered, so only errors are worth an operator's attention here.
        var level = message.Level <= SyslogLevel.Error ? LogLevel.Warning : LogLevel.Debug;
        logger.Log(level, "librdkafka {ClientId}: {Facility} {Message}", clientId, message.Facility, message.Message);
    }
}
