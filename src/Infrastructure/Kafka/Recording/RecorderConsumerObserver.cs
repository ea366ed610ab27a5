using System.Collections.Concurrent;
using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Observability;

namespace Recorder.Infrastructure.Kafka.Recording;

/// <summary>
/// Turns what the gated consumer reports into the recorder's metrics, and remembers whether the consumer has
/// joined its group (for /readyz). Called concurrently from the poll thread, committer and workers.
/// </summary>
/// <remarks>
/// Lag in seconds is how old the newest record finished on a partition is, while the partition has lag in offsets
/// (0 once caught up). It is refreshed at every acknowledgement and at every statistics report (once a minute by
/// default), so a partition that stops making progress shows a growing value rather than a frozen one.
/// </remarks>
public sealed class RecorderConsumerObserver(RecorderMetrics metrics, TimeProvider time) : IConsumerObserver
{
    // A set rather than a counter: an assignment reported twice, or a release not reported, cannot skew it.
    private readonly ConcurrentDictionary<TopicPartition, PartitionProgress> _assigned = new();
    private int _inGroup;

    /// <summary>
    /// True while this member holds an assignment from the group (possibly empty, with more members than
    /// partitions); false before the first one and after the assignment was lost.
    /// </summary>
    public bool HasJoinedGroup => Volatile.Read(ref _inGroup) == 1;

    public int AssignedPartitions => _assigned.Count;

    public void InFlightChanged(int messages, long bytes) => metrics.SetInFlight(messages, bytes);

    /// <summary>From receipt by the poll loop to acknowledgement, so time spent waiting for a slot counts too.</summary>
    public void MessageAcknowledged(TopicPartition partition, TimeSpan elapsed, Timestamp timestamp)
    {
        ArgumentNullException.ThrowIfNull(partition);
        metrics.ObserveConsume(partition.Topic, elapsed);
        if (timestamp.Type != TimestampType.NotAvailable && _assigned.TryGetValue(partition, out var progress))
        {
            progress.Finished(timestamp.UnixTimestampMs);
            ReportLagSeconds(partition, progress);
        }
    }

    public void GateStateReported(PartitionGateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        // A revoked partition's gate is still reported while it drains; its series is already forgotten and must
        // not come back (it would stay on this instance and double-count with the new owner's).
        if (_assigned.ContainsKey(snapshot.Partition))
        {
            metrics.SetCommitGateBacklog(snapshot.Partition.Topic, snapshot.Partition.Partition.Value, snapshot.Backlog);
        }
    }

    public void OffsetsCommitted(IReadOnlyList<TopicPartitionOffset> offsets) => metrics.RecordCommit(CommitResult.Ok);

    public void CommitFailed(IReadOnlyList<TopicPartitionOffset> offsets, Exception exception) => metrics.RecordCommit(CommitResult.Failed);

    public void PartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            _assigned.TryAdd(partition, new PartitionProgress());
        }

        Volatile.Write(ref _inGroup, 1);
        metrics.SetAssignedPartitions(_assigned.Count);
        metrics.RecordRebalance(RebalanceKind.Assigned);
    }

    public void PartitionsRevoked(IReadOnlyList<TopicPartition> partitions) => Release(partitions, RebalanceKind.Revoked);

    public void PartitionsLost(IReadOnlyList<TopicPartition> partitions)
    {
        // Lost means the group no longer counts this member until it rejoins.
        Volatile.Write(ref _inGroup, 0);
        Release(partitions, RebalanceKind.Lost);
    }

    public void PartitionPaused(TopicPartition partition, PauseReason reason)
    {
        ArgumentNullException.ThrowIfNull(partition);
        metrics.SetPartitionPaused(partition.Topic, partition.Partition.Value, true);
    }

    public void PartitionResumed(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        metrics.SetPartitionPaused(partition.Topic, partition.Partition.Value, false);
    }

    public void ConsumerLag(TopicPartition partition, long lag)
    {
        ArgumentNullException.ThrowIfNull(partition);
        metrics.SetConsumerLag(partition.Topic, partition.Partition.Value, lag);
        if (_assigned.TryGetValue(partition, out var progress))
        {
            progress.LagOffsets = lag;
            ReportLagSeconds(partition, progress);
        }
    }

    public void MessagesFetched(long messages, long bytes) => metrics.AddFetched(messages, bytes);

    private void ReportLagSeconds(TopicPartition partition, PartitionProgress progress)
    {
        var seconds = progress.LagOffsets switch
        {
            0 => 0,
            > 0 when progress.NewestFinishedMs is { } newest => Math.Max(0, (time.GetUtcNow().ToUnixTimeMilliseconds() - newest) / 1000.0),
            _ => double.NaN, // not known yet
        };
        metrics.SetConsumerLagSeconds(partition.Topic, partition.Partition.Value, seconds);
    }

    /// <summary>What lag in seconds is computed from. Fields are read and written without a lock: each is a single
    /// word, and a value one update behind only delays the gauge.</summary>
    private sealed class PartitionProgress
    {
        private long _newestFinishedMs = long.MinValue;
        private long _lagOffsets = -1;

        public long? NewestFinishedMs
        {
            get
            {
                var value = Interlocked.Read(ref _newestFinishedMs);
                return value == long.MinValue ? null : value;
            }
        }

        public long LagOffsets
        {
            get => Interlocked.Read(ref _lagOffsets);
            set => Interlocked.Exchange(ref _lagOffsets, value);
        }

        public void Finished(long timestampMs)
        {
            var current = Interlocked.Read(ref _newestFinishedMs);
            while (timestampMs > current)
            {
                var seen = Interlocked.CompareExchange(ref _newestFinishedMs, timestampMs, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }

    private void Release(IReadOnlyList<TopicPartition> partitions, RebalanceKind kind)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            _assigned.TryRemove(partition, out _);
            metrics.ForgetPartition(partition.Topic, partition.Partition.Value);
        }

        metrics.SetAssignedPartitions(_assigned.Count);
        metrics.RecordRebalance(kind);
    }
}
