using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Owns the commit gates of every assigned partition and alone decides what may be committed: it batches
/// commits (every <see cref="CommitInterval"/> or every <see cref="CommitEveryCompletions"/> completions),
/// skips partitions whose committable offset has not moved since the last commit, and handles the partition
/// life cycle (assign, revoke with a bounded wait for in-flight work, loss without commit).
/// </summary>
/// <remarks>
/// Thread-safe: the poll thread tracks, workers complete, the committer takes batches. Each partition's gate has a
/// lock of its own, so workers finishing messages of different partitions never wait for each other; the batch
/// counters are atomic, and only the rare assignment changes take the manager-wide lock.
/// </remarks>
public sealed class OffsetManager
{
    private readonly Lock _assignment = new();
    private readonly Lock _batching = new();
    private readonly ConcurrentDictionary<TopicPartition, PartitionEntry> _entries = new();
    private readonly TimeProvider _time;
    private int _completionsSinceBatch;
    private long _lastBatchTimestamp;

    public OffsetManager(TimeSpan commitInterval, int commitEveryCompletions, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(commitInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(commitEveryCompletions, 1);
        CommitInterval = commitInterval;
        CommitEveryCompletions = commitEveryCompletions;
        _time = timeProvider ?? TimeProvider.System;
        _lastBatchTimestamp = _time.GetTimestamp();
    }

    public TimeSpan CommitInterval { get; }

    public int CommitEveryCompletions { get; }

    /// <summary>Partitions that currently have a gate (assigned and not yet released).</summary>
    public IReadOnlyList<TopicPartition> Partitions => [.. _entries.Keys];

    /// <summary>True when a batch is due, by completion count or by time.</summary>
    public bool IsCommitDue =>
        Volatile.Read(ref _completionsSinceBatch) >= CommitEveryCompletions
        || _time.GetElapsedTime(Interlocked.Read(ref _lastBatchTimestamp)) >= CommitInterval;

    /// <summary>How long until a batch becomes due by time (zero when it is due already).</summary>
    public TimeSpan TimeUntilCommitDue
    {
        get
        {
            if (Volatile.Read(ref _completionsSinceBatch) >= CommitEveryCompletions)
            {
                return TimeSpan.Zero;
            }

            var remaining = CommitInterval - _time.GetElapsedTime(Interlocked.Read(ref _lastBatchTimestamp));
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Creates fresh gates; a partition that still had one (lost and assigned again) starts over. Returns them, for the
    /// consumer's lease of each partition to keep.
    /// </summary>
    internal IReadOnlyList<(TopicPartition Partition, PartitionEntry Gate)> Assign(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var assigned = new List<(TopicPartition, PartitionEntry)>();
        lock (_assignment)
        {
            foreach (var partition in partitions)
            {
                if (_entries.TryRemove(partition, out var previous))
                {
                    previous.Retire();
                }

                var entry = new PartitionEntry(new PartitionCommitGate(partition));
                _entries[partition] = entry;
                assigned.Add((partition, entry));
            }
        }

        return assigned;
    }

    /// <summary>
    /// Records a received offset. Refused when the partition is not assigned, is being revoked, or the offset is
    /// not after the last one received.
    /// </summary>
    public bool TryTrack(TopicPartition partition, long offset, out TrackedOffset tracked)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (_entries.TryGetValue(partition, out var entry))
        {
            return entry.TryTrack(offset, out tracked);
        }

        tracked = default;
        return false;
    }

    /// <summary>Marks a tracked offset done. Completions of released assignments are ignored.</summary>
    public CompletionResult Complete(in TrackedOffset tracked)
    {
        var entry = tracked.Entry;
        if (entry is null)
        {
            return CompletionResult.Ignored;
        }

        lock (entry.Sync)
        {
            if (entry.Retired || !entry.Gate.TryComplete(tracked.Sequence, tracked.Offset))
            {
                return CompletionResult.Ignored;
            }

            if (!entry.Accepting && entry.Gate.InFlight == 0)
            {
                entry.SignalDrained();
            }
        }

        return Interlocked.Increment(ref _completionsSinceBatch) == CommitEveryCompletions
            ? CompletionResult.CommitDue
            : CompletionResult.Accepted;
    }

    /// <summary>
    /// Takes the offsets to commit when a batch is due (or always, with <paramref name="force"/>): every partition
    /// whose committable offset moved past the last committed one. Taking a batch restarts the count and the
    /// clock; call <see cref="MarkCommitted"/> once the commit succeeded, otherwise the next batch retries it.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> TakeCommitBatch(bool force = false)
    {
        lock (_batching)
        {
            if (!force && !IsCommitDue)
            {
                return [];
            }

            Interlocked.Exchange(ref _completionsSinceBatch, 0);
            Interlocked.Exchange(ref _lastBatchTimestamp, _time.GetTimestamp());
            var batch = new List<TopicPartitionOffset>();
            foreach (var entry in _entries.Values)
            {
                lock (entry.Sync)
                {
                    if (entry.OffsetToCommit() is { } offset)
                    {
                        batch.Add(new TopicPartitionOffset(entry.Gate.Partition, offset));
                    }
                }
            }

            return batch;
        }
    }

    /// <summary>Remembers committed offsets so that unchanged partitions are left out of later batches.</summary>
    public void MarkCommitted(IEnumerable<TopicPartitionOffset> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var item in committed)
        {
            if (_entries.TryGetValue(item.TopicPartition, out var entry) && item.Offset.Value >= 0)
            {
                lock (entry.Sync)
                {
                    entry.LastCommitted = Math.Max(entry.LastCommitted ?? -1, item.Offset.Value);
                }
            }
        }
    }

    /// <summary>First step of a revoke: the partitions stop accepting new offsets.</summary>
    public void BeginRevoke(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            if (_entries.TryGetValue(partition, out var entry))
            {
                lock (entry.Sync)
                {
                    entry.StopAccepting();
                }
            }
        }
    }

    /// <summary>
    /// Second step of a revoke: waits until the partitions have no offset in flight, at most
    /// <paramref name="timeout"/>. Returns false on timeout (the caller then commits what is committable anyway).
    /// </summary>
    public async Task<bool> WaitForInFlightAsync(
        IEnumerable<TopicPartition> partitions,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var pending = new List<Task>();
        foreach (var partition in partitions)
        {
            if (!_entries.TryGetValue(partition, out var entry))
            {
                continue;
            }

            lock (entry.Sync)
            {
                if (entry.Accepting)
                {
                    throw new InvalidOperationException(
                        $"Partition {partition} still accepts offsets; call {nameof(BeginRevoke)} first.");
                }

                if (entry.Gate.InFlight > 0)
                {
                    pending.Add(entry.Drained);
                }
            }
        }

        if (pending.Count == 0)
        {
            return true;
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Last step of a revoke: drops the gates and returns the offsets still to commit for them (the contiguous
    /// done prefix, when it moved past the last commit).
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> FinishRevoke(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var final = new List<TopicPartitionOffset>();
        lock (_assignment)
        {
            foreach (var partition in partitions)
            {
                if (_entries.TryRemove(partition, out var entry))
                {
                    lock (entry.Sync)
                    {
                        entry.Retire();
                        if (entry.OffsetToCommit() is { } offset)
                        {
                            final.Add(new TopicPartitionOffset(partition, offset));
                        }
                    }
                }
            }
        }

        return final;
    }

    /// <summary>Drops gates without committing (partitions lost: another member may own them already).</summary>
    public void Drop(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_assignment)
        {
            foreach (var partition in partitions)
            {
                if (_entries.TryRemove(partition, out var entry))
                {
                    entry.Retire();
                }
            }
        }
    }

    public PartitionGateSnapshot? GetSnapshot(TopicPartition partition)
    {
        if (!_entries.TryGetValue(partition, out var entry))
        {
            return null;
        }

        lock (entry.Sync)
        {
            return entry.ToSnapshot();
        }
    }

    public IReadOnlyList<PartitionGateSnapshot> GetSnapshots()
    {
        var snapshots = new List<PartitionGateSnapshot>();
        foreach (var entry in _entries.Values)
        {
            lock (entry.Sync)
            {
                snapshots.Add(entry.ToSnapshot());
            }
        }

        return snapshots;
    }

    /// <summary>
    /// One assignment of one partition: its gate and life cycle, guarded by its own <see cref="Sync"/>. The consumer's
    /// lease of the partition keeps the entry <see cref="Assign"/> returned, so tracking needs no lookup; once the
    /// assignment ends the entry refuses new offsets and ignores completions.
    /// </summary>
    internal sealed class PartitionEntry(PartitionCommitGate gate)
    {
        private TaskCompletionSource? _drained;

        public Lock Sync { get; } = new();

        public PartitionCommitGate Gate { get; } = gate;

        public bool Accepting { get; private set; } = true;

        /// <summary>Received offsets that are not committable yet.</summary>
        public int Pending
        {
            get
            {
                lock (Sync)
                {
                    return Gate.Pending;
                }
            }
        }

        /// <summary>Set once the entry left the manager; completions for it are ignored from then on.</summary>
        public bool Retired { get; private set; }

        public long? LastCommitted { get; set; }

        public Task Drained => _drained?.Task ?? Task.CompletedTask;

        public void StopAccepting()
        {
            if (!Accepting)
            {
                return;
            }

            Accepting = false;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Gate.InFlight == 0)
            {
                _drained.TrySetResult();
            }
        }

        public void SignalDrained() => _drained?.TrySetResult();

        /// <summary>
        /// Records a received offset; refused once the assignment stops accepting, or when the offset is not after the
        /// last one received.
        /// </summary>
        public bool TryTrack(long offset, out TrackedOffset tracked)
        {
            lock (Sync)
            {
                if (Accepting && Gate.TryTrack(offset, out var sequence))
                {
                    tracked = new TrackedOffset(this, sequence, offset);
                    return true;
                }
            }

            tracked = default;
            return false;
        }

        public void Retire()
        {
            lock (Sync)
            {
                RetireLocked();
            }
        }

        private void RetireLocked()
        {
            Accepting = false;
            Retired = true;
            _drained?.TrySetResult();
        }

        public long? OffsetToCommit() =>
            Gate.CommittableOffset is { } committable && committable > (LastCommitted ?? -1) ? committable : null;

        public PartitionGateSnapshot ToSnapshot() =>
            new(Gate.Partition, Gate.Backlog, Gate.InFlight, Gate.CommittableOffset, LastCommitted);
    }
}
