using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Shields the consumer from a failing observer: metrics must never stop polling, leave a message unacknowledged
/// or break a rebalance.
/// </summary>
internal sealed class GuardedConsumerObserver(IConsumerObserver inner, ILogger logger) : IConsumerObserver
{
    public void InFlightChanged(int messages, long bytes) => Guard((messages, bytes), static (observer, state) => observer.InFlightChanged(state.messages, state.bytes));

    public void MessageAcknowledged(TopicPartition partition, TimeSpan elapsed, Timestamp timestamp) =>
        Guard((partition, elapsed, timestamp), static (observer, state) => observer.MessageAcknowledged(state.partition, state.elapsed, state.timestamp));

    public void MessageRetryScheduled(TopicPartition partition, int attempt, TimeSpan delay, bool processorFaulted) =>
        Guard((partition, attempt, delay, processorFaulted), static (observer, state) => observer.MessageRetryScheduled(state.partition, state.attempt, state.delay, state.processorFaulted));

    public void GateStateReported(PartitionGateSnapshot snapshot) => Guard(snapshot, static (observer, snapshot) => observer.GateStateReported(snapshot));

    public void OffsetsCommitted(IReadOnlyList<TopicPartitionOffset> offsets) =>
        Guard(offsets, static (observer, offsets) => observer.OffsetsCommitted(offsets));

    public void CommitFailed(IReadOnlyList<TopicPartitionOffset> offsets, Exception exception) =>
        Guard((offsets, exception), static (observer, state) => observer.CommitFailed(state.offsets, state.exception));

    public void PartitionsAssigned(IReadOnlyList<TopicPartition> partitions) =>
        Guard(partitions, static (observer, partitions) => observer.PartitionsAssigned(partitions));

    public void PartitionsRevoked(IReadOnlyList<TopicPartition> partitions) =>
        Guard(partitions, static (observer, partitions) => observer.PartitionsRevoked(partitions));

    public void PartitionsLost(IReadOnlyList<TopicPartition> partitions) =>
        Guard(partitions, static (observer, partitions) => observer.PartitionsLost(partitions));

    public void PartitionPaused(TopicPartition partition, PauseReason reason) =>
        Guard((partition, reason), static (observer, state) => observer.PartitionPaused(state.partition, state.reason));

    public void PartitionResumed(TopicPartition partition) => Guard(partition, static (observer, partition) => observer.PartitionResumed(partition));

    public void ConsumerLag(TopicPartition partition, long lag) => Guard((partition, lag), static (observer, state) => observer.ConsumerLag(state.partition, state.lag));

    public void MessagesFetched(long messages, long bytes) => Guard((messages, bytes), static (observer, state) => observer.MessagesFetched(state.messages, state.bytes));

    // Static lambdas over explicit state: the hot reports (in flight, acknowledged) run several times per message, and a
    // capturing lambda would allocate a closure and a delegate on every call.
    private void Guard<TState>(TState state, Action<IConsumerObserver, TState> report)
    {
        try
        {
            report(inner, state);
        }
#pragma warning disable CA1031 // See the type's summary.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning(exception, "Consumer observer failed");
        }
    }
}
