using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

public sealed partial class GatedKafkaConsumer
{
    // Rebalance handlers run on the poll thread inside Consume/Close. They must not throw: Confluent.Kafka would
    // unassign everything and rethrow from Consume.
    private IEnumerable<TopicPartitionOffset> OnPartitionsAssigned(
        IConsumer<byte[], byte[]> consumer,
        List<TopicPartition> partitions)
    {
        try
        {
            if (partitions.Count > 0)
            {
                // A lease still held from an earlier assignment stops first, while its gate still takes its offsets:
                // a worker of it finishing meanwhile must not start a ready record that its retired gate refuses.
                foreach (var partition in partitions)
                {
                    if (_leases.Remove(partition, out var stale))
                    {
                        DropQueuedWork(stale);
                        stale.Cancel();
                        stale.Retire();
                    }
                }

                foreach (var (partition, gate) in _offsets.Assign(partitions))
                {
                    _leases[partition] = new PartitionLease(partition, _options.MaxInFlightPerPartition, _budget.For(partition), gate);
                }

                RequestPauseDecision();
                _observer.PartitionsAssigned(partitions);
                _logger.LogInformation("Assigned {Partitions}", Describe(partitions));
            }
        }
#pragma warning disable CA1031 // See above.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogError(exception, "Handling the assignment of {Partitions} failed", Describe(partitions));
        }

        // Unset: start from the group's committed offset (auto.offset.reset when there is none).
        return partitions.Select(partition => new TopicPartitionOffset(partition, Offset.Unset));
    }

    private void OnPartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> revoked)
    {
        try
        {
            var partitions = Owned(revoked);
            if (partitions.Count == 0)
            {
                return;
            }

            _observer.PartitionsRevoked(partitions);
            var timeout = _stopping.IsCancellationRequested
                ? _options.ShutdownDrainTimeout
                : _options.RevokeDrainTimeout;
            ReleasePartitions(partitions, timeout, commit: true);
        }
#pragma warning disable CA1031 // See above.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogError(exception, "Handling a revoke failed");
        }
    }

    private void OnPartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> lost)
    {
        try
        {
            var partitions = Owned(lost);
            if (partitions.Count == 0)
            {
                return;
            }

            _observer.PartitionsLost(partitions);
            _logger.LogWarning(
                "Lost {Partitions}; their in-flight work is cancelled and nothing is committed",
                Describe(partitions));
            ReleasePartitions(partitions, TimeSpan.Zero, commit: false);
        }
#pragma warning disable CA1031 // See above.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogError(exception, "Handling a lost assignment failed");
        }
    }

    /// <summary>
    /// Lets partitions go: stop taking their work, wait (bounded) for what is in flight, cancel the rest, commit
    /// the finished prefix (unless lost) and forget them.
    /// </summary>
    private void ReleasePartitions(List<TopicPartition> partitions, TimeSpan drainTimeout, bool commit)
    {
        var leases = partitions.Select(partition => _leases[partition]).ToList();
        // Their budget goes back to the partitions that stay: decide those at the next pass.
        RequestPauseDecision();

        // First, so that no finishing worker starts a ready message of theirs once their gates refuse new offsets.
        foreach (var lease in leases)
        {
            DropQueuedWork(lease);
        }

        if (!commit)
        {
            // Lost: the group has given these partitions away, so no commit batch may carry them any more, not
            // even one the committer is assembling right now.
            _committer!.RunExclusive(() => _offsets.Drop(partitions));
        }

        _offsets.BeginRevoke(partitions);
        if (commit && drainTimeout > TimeSpan.Zero)
        {
            // Blocking the poll thread is intended: librdkafka waits for this handler before it hands the
            // partitions over, and the revoke timeout stays below max.poll.interval.ms.
            var drained = _offsets.WaitForInFlightAsync(partitions, drainTimeout).GetAwaiter().GetResult();
            if (!drained)
            {
                _logger.LogWarning(
                    "In-flight work of {Partitions} did not finish within {Timeout}; committing the finished prefix only",
                    Describe(partitions),
                    drainTimeout);
            }
        }

        foreach (var lease in leases)
        {
            lease.Cancel();
        }

        _committer!.RunExclusive(() =>
        {
            if (commit)
            {
                var final = _offsets.FinishRevoke(partitions);
                if (_committer.CommitHeld(final))
                {
                    _logger.LogInformation(
                        "Released {Partitions}; committed {Offsets}",
                        Describe(partitions),
                        final.Count == 0 ? "nothing new" : string.Join(", ", final));
                }
                else
                {
                    _logger.LogWarning(
                        "Released {Partitions} without committing {Offsets}; the next owner reprocesses from the previous commit",
                        Describe(partitions),
                        string.Join(", ", final));
                }
            }
        });

        _flow!.Release(leases);
        foreach (var lease in leases)
        {
            _leases.Remove(lease.Partition);
            lease.Retire();
        }
    }

    /// <summary>
    /// Stops the partition taking work and drops its received messages that no worker has started: they are not
    /// tracked by the gate, so the next owner reads them again from the committed offset.
    /// </summary>
    private void DropQueuedWork(PartitionLease lease)
    {
        lock (lease.Sync)
        {
            lease.StopTakingWork();
            while (lease.Ready.TryDequeue(out var ready))
            {
                lease.Budget.Release(ready.Bytes);
            }
        }

        // Messages awaiting budget hold none.
        lease.AwaitingBudget.Clear();
        _leasesAwaitingBudget.Remove(lease);
        ReportInFlight();
    }

    /// <summary>Runs on the poll thread once polling stopped (or never started).</summary>
    private void ShutDown()
    {
        var consumer = _consumer;
        if (consumer is null)
        {
            return;
        }

        try
        {
            if (_committer is { } committer)
            {
                committer.StopAsync().GetAwaiter().GetResult();
            }

            var partitions = _leases.Keys.ToList();
            if (partitions.Count > 0)
            {
                var healthy = _fatalError is null;
                ReleasePartitions(partitions, healthy ? _options.ShutdownDrainTimeout : TimeSpan.Zero, commit: healthy);
            }

            try
            {
                // Leaves the group; the revoke it triggers finds nothing left to do.
                consumer.Close();
            }
            catch (KafkaException exception)
            {
                _logger.LogWarning(exception, "Closing the consumer of {Topic} failed", _options.Topic);
            }

            if (!_workers.WaitForIdleAsync(WorkerExitTimeout).GetAwaiter().GetResult())
            {
                _logger.LogWarning(
                    "{Count} processor call(s) ignored cancellation and are still running at shutdown",
                    _workers.Running);
            }

            _logger.LogInformation("Consumer of {Topic} stopped", _options.Topic);
        }
        finally
        {
            consumer.Dispose();
            _committer?.Dispose();
        }
    }

    private List<TopicPartition> Owned(List<TopicPartitionOffset> partitions) =>
        [.. partitions.Select(item => item.TopicPartition).Where(_leases.ContainsKey)];

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(partition => $"{partition.Topic} [{partition.Partition.Value}]"));
}
