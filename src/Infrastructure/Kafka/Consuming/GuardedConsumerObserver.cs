using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Shields the consumer from a failing observer: metrics must never stop polling, leave a message unacknowledged
/// or break a rebalance.
/// </summary>
internal sealed class GuardedConsumerObserver(IConsumerObserver inner, ILogger logger) : IConsumerObserver
{
    public void InFlightChanged(int messages, long bytes) => Guard(() => inner.InFlightChanged(messages, bytes));

    public void MessageAcknowledged(TopicPartition partition, TimeSpan elapsed, Timestamp timestamp) =>
        Guard(() => inner.MessageAcknowledged(partition, elapsed, timestamp));

    public void MessageRetryScheduled(TopicPartition partition, int attempt, TimeSpan delay, bool processorFaulted) =>
        Guard(() => inner.MessageRetryScheduled(partition, attempt, delay, processorFaulted));

    public void GateStateReported(PartitionGateSnapshot snapshot) => Guard(() => inner.GateStateReported(snapshot));

    public void OffsetsCommitted(IReadOnlyList<TopicPartitionOffset> offsets) =>
        Guard(() => inner.OffsetsCommitted(offsets));

    public void CommitFailed(IReadOnlyList<TopicPartitionOffset> offsets, Exception exception) =>
        Guard(() => inner.CommitFailed(offsets, exception));

    public void PartitionsAssigned(IReadOnlyList<TopicPartition> partitions) =>
        Guard(() => inner.PartitionsAssigned(partitions));

    public void PartitionsRevoked(IReadOnlyList<TopicPartition> partitions) =>
        Guard(() => inner.PartitionsRevoked(partitions));

    public void PartitionsLost(IReadOnlyList<TopicPartition> partitions) =>
        Guard(() => inner.PartitionsLost(partitions));

    public void PartitionPaused(TopicPartition partition, PauseReason reason) =>
        Guard(() => inner.PartitionPaused(partition, reason));

    public void PartitionResumed(TopicPartition partition) => Guard(() => inner.PartitionResumed(partition));

    public void ConsumerLag(TopicPartition partition, long lag) => Guard(() => inner.ConsumerLag(partition, lag));

    private void Guard(Action report)
    {
        try
        {
            report();
        }
#pragma warning disable CA1031 // See the type's summary.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning(exception, "Consumer observer failed");
        }
    }
}
