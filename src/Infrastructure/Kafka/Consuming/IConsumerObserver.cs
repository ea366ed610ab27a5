using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Receives what the gated consumer does, for metrics. Every member has an empty default, so an implementation
/// overrides only what it records.
/// </summary>
/// <remarks>
/// Members are called from the poll thread, the committer and processing workers concurrently: implementations
/// must be thread-safe and cheap (no I/O), and must not throw.
/// </remarks>
public interface IConsumerObserver
{
    /// <summary>Received, unfinished messages (processing or waiting for a slot) and their bytes, after a change.</summary>
    void InFlightChanged(int messages, long bytes)
    {
    }

    /// <summary>
    /// A message was acknowledged; <paramref name="elapsed"/> runs from receipt to acknowledgement, and
    /// <paramref name="timestamp"/> is the record's own Kafka timestamp.
    /// </summary>
    void MessageAcknowledged(TopicPartition partition, TimeSpan elapsed, Timestamp timestamp)
    {
    }

    /// <summary>A message was not acknowledged (or the processor threw) and will be retried after a delay.</summary>
    void MessageRetryScheduled(TopicPartition partition, int attempt, TimeSpan delay, bool processorFaulted)
    {
    }

    /// <summary>Gate state of an assigned partition, reported at every commit cycle.</summary>
    void GateStateReported(PartitionGateSnapshot snapshot)
    {
    }

    void OffsetsCommitted(IReadOnlyList<TopicPartitionOffset> offsets)
    {
    }

    void CommitFailed(IReadOnlyList<TopicPartitionOffset> offsets, Exception exception)
    {
    }

    void PartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
    }

    void PartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
    }

    void PartitionsLost(IReadOnlyList<TopicPartition> partitions)
    {
    }

    /// <summary>Fetching of the partition was paused, or it stays paused for a different reason now.</summary>
    void PartitionPaused(TopicPartition partition, PauseReason reason)
    {
    }

    void PartitionResumed(TopicPartition partition)
    {
    }

    /// <summary>Consumer lag of an assigned partition, from librdkafka statistics.</summary>
    void ConsumerLag(TopicPartition partition, long lag)
    {
    }

    /// <summary>
    /// Records (and their key and value bytes) fetched from brokers since the previous statistics report: more than
    /// were consumed when paused partitions fetch again what librdkafka had pre-fetched for them.
    /// </summary>
    void MessagesFetched(long messages, long bytes)
    {
    }
}
