using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Brings librdkafka's pause state in line with what the consumer wants for each partition, issuing
/// <c>Pause</c>/<c>Resume</c> only for partitions whose state changes. Poll thread only.
/// </summary>
/// <remarks>
/// Pausing discards what librdkafka prefetched for the partition and resuming fetches again from the position
/// after the last message returned by <c>Consume</c>, so no message is skipped or buffered meanwhile.
/// </remarks>
internal sealed class PartitionFlowControl(IConsumer<byte[], byte[]> consumer, IConsumerObserver observer, ILogger logger)
{
    private readonly List<PartitionLease> _toPause = [];
    private readonly List<PartitionLease> _toResume = [];

    public void Apply(IEnumerable<PartitionLease> leases, Func<PartitionLease, PauseReason?> wanted)
    {
        _toPause.Clear();
        _toResume.Clear();
        foreach (var lease in leases)
        {
            Decide(lease, wanted(lease));
        }

        Carry();
    }

    /// <summary>The same for one partition (the one a record just arrived on).</summary>
    public void Apply(PartitionLease lease, Func<PartitionLease, PauseReason?> wanted)
    {
        _toPause.Clear();
        _toResume.Clear();
        Decide(lease, wanted(lease));
        Carry();
    }

    private void Decide(PartitionLease lease, PauseReason? reason)
    {
        if (reason is null)
        {
            if (lease.PausedFor is not null)
            {
                _toResume.Add(lease);
            }
        }
        else if (lease.PausedFor is null)
        {
            lease.PausedFor = reason;
            _toPause.Add(lease);
        }
        else if (lease.PausedFor != reason)
        {
            lease.PausedFor = reason;
            observer.PartitionPaused(lease.Partition, reason.Value);
        }
    }

    /// <summary>Pauses and resumes what <see cref="Decide"/> found, each in one call to librdkafka.</summary>
    private void Carry()
    {
        if (_toPause.Count > 0)
        {
            if (TryCall(consumer.Pause, _toPause, "pause"))
            {
                _toPause.ForEach(lease => observer.PartitionPaused(lease.Partition, lease.PausedFor!.Value));
            }
            else
            {
                // Not paused after all: the next pass tries again.
                _toPause.ForEach(lease => lease.PausedFor = null);
            }
        }

        if (_toResume.Count > 0 && TryCall(consumer.Resume, _toResume, "resume"))
        {
            foreach (var lease in _toResume)
            {
                lease.PausedFor = null;
                observer.PartitionResumed(lease.Partition);
            }
        }
    }

    /// <summary>
    /// Resumes partitions that leave the consumer: librdkafka keeps an application pause across unassignment, and
    /// a later assignment of the same partition must start fetching.
    /// </summary>
    public void Release(IEnumerable<PartitionLease> leases)
    {
        var paused = leases.Where(lease => lease.PausedFor is not null).ToList();
        if (paused.Count > 0)
        {
            TryCall(consumer.Resume, paused, "resume");
            paused.ForEach(lease => lease.PausedFor = null);
        }
    }

    private bool TryCall(Action<IEnumerable<TopicPartition>> call, List<PartitionLease> leases, string action)
    {
        try
        {
            call(leases.Select(lease => lease.Partition).ToList());
            return true;
        }
        catch (KafkaException exception)
        {
            logger.LogWarning(exception, "Could not {Action} {Count} partition(s)", action, leases.Count);
            return false;
        }
    }
}
