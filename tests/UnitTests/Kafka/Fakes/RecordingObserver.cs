using System.Collections.Concurrent;
using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka.Fakes;

/// <summary>Observer that keeps what it was told.</summary>
internal sealed class RecordingObserver : IConsumerObserver
{
    public ConcurrentQueue<(TopicPartition Partition, PauseReason Reason)> Paused { get; } = new();

    public ConcurrentQueue<TopicPartition> Resumed { get; } = new();

    public ConcurrentQueue<TopicPartition> Acknowledged { get; } = new();

    public ConcurrentQueue<(TopicPartition Partition, int Attempt, bool Faulted)> Retries { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Revoked { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Lost { get; } = new();

    public ConcurrentQueue<(TopicPartition Partition, long Lag)> Lags { get; } = new();

    private readonly Lock _sync = new();
    private long _maxInFlightBytes;

    public long MaxInFlightBytes
    {
        get
        {
            lock (_sync)
            {
                return _maxInFlightBytes;
            }
        }
    }

    public void InFlightChanged(int messages, long bytes)
    {
        lock (_sync)
        {
            _maxInFlightBytes = Math.Max(_maxInFlightBytes, bytes);
        }
    }

    public void MessageAcknowledged(TopicPartition partition, TimeSpan elapsed, Timestamp timestamp) => Acknowledged.Enqueue(partition);

    public void MessageRetryScheduled(TopicPartition partition, int attempt, TimeSpan delay, bool processorFaulted) =>
        Retries.Enqueue((partition, attempt, processorFaulted));

    public void PartitionsRevoked(IReadOnlyList<TopicPartition> partitions) => Revoked.Enqueue(partitions);

    public void PartitionsLost(IReadOnlyList<TopicPartition> partitions) => Lost.Enqueue(partitions);

    public void PartitionPaused(TopicPartition partition, PauseReason reason) => Paused.Enqueue((partition, reason));

    public void PartitionResumed(TopicPartition partition) => Resumed.Enqueue(partition);

    public void ConsumerLag(TopicPartition partition, long lag) => Lags.Enqueue((partition, lag));
}
