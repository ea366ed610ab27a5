using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Bounds what the consumer holds: the bytes (key + value + headers) of received, unfinished messages, per
/// partition (<see cref="MaxBytesPerPartition"/>) and over all partitions (<see cref="MaxBytes"/>), and the number
/// of messages of one partition being processed at once (<see cref="MaxConcurrentPerPartition"/>).
/// </summary>
/// <remarks>
/// A message reserves its bytes when it is received and gives them back when it is finished (or dropped on a
/// revoke); it takes a processing slot while the processor runs it. When bytes cannot be reserved the consumer
/// pauses fetching instead of buffering more. A message larger than a byte limit is still admitted once nothing
/// else holds that limit: alone in its partition for the per-partition cap, alone in the whole consumer for the
/// global budget, so progress is always possible. Thread-safe.
/// </remarks>
public sealed class InFlightBudget
{
    private readonly Lock _sync = new();
    private readonly Dictionary<TopicPartition, Usage> _partitions = [];
    private int _messages;
    private long _bytes;

    public InFlightBudget(int maxConcurrentPerPartition, long maxBytesPerPartition, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytesPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        MaxConcurrentPerPartition = maxConcurrentPerPartition;
        MaxBytesPerPartition = maxBytesPerPartition;
        MaxBytes = maxBytes;
    }

    public int MaxConcurrentPerPartition { get; }

    public long MaxBytesPerPartition { get; }

    public long MaxBytes { get; }

    /// <summary>Messages holding bytes, and those bytes, over all partitions, read together.</summary>
    public (int Messages, long Bytes) Totals
    {
        get
        {
            lock (_sync)
            {
                return (_messages, _bytes);
            }
        }
    }

    /// <summary>True while the global byte budget is spent.</summary>
    public bool IsGloballySaturated
    {
        get
        {
            lock (_sync)
            {
                return _bytes >= MaxBytes;
            }
        }
    }

    /// <summary>
    /// True once global usage fell to half the byte budget: the point at which partitions paused for it resume.
    /// Resuming only then makes each pause (which discards what librdkafka prefetched) buy a batch of work.
    /// </summary>
    public bool IsBelowGlobalResumeMark
    {
        get
        {
            lock (_sync)
            {
                return _bytes <= MaxBytes / 2;
            }
        }
    }

    /// <summary>Reserves the bytes of a received message.</summary>
    public AdmitResult TryReserve(TopicPartition partition, long bytes)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_sync)
        {
            _partitions.TryGetValue(partition, out var usage);
            if (usage.Messages > 0 && usage.Bytes + bytes > MaxBytesPerPartition)
            {
                return AdmitResult.PartitionFull;
            }

            if (_messages > 0 && _bytes + bytes > MaxBytes)
            {
                return AdmitResult.BudgetFull;
            }

            _partitions[partition] = usage with { Messages = usage.Messages + 1, Bytes = usage.Bytes + bytes };
            _messages++;
            _bytes += bytes;
            return AdmitResult.Admitted;
        }
    }

    /// <summary>Gives back the bytes of a finished or dropped message.</summary>
    public void Release(TopicPartition partition, long bytes)
    {
        ArgumentNullException.ThrowIfNull(partition);
        lock (_sync)
        {
            if (!_partitions.TryGetValue(partition, out var usage) || usage.Messages == 0)
            {
                throw new InvalidOperationException($"Nothing was reserved for {partition}.");
            }

            Store(partition, usage with { Messages = usage.Messages - 1, Bytes = usage.Bytes - bytes });
            _messages--;
            _bytes -= bytes;
        }
    }

    /// <summary>Takes a processing slot of the partition, if one is free.</summary>
    public bool TryStartWork(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        lock (_sync)
        {
            _partitions.TryGetValue(partition, out var usage);
            if (usage.Running >= MaxConcurrentPerPartition)
            {
                return false;
            }

            _partitions[partition] = usage with { Running = usage.Running + 1 };
            return true;
        }
    }

    /// <summary>Frees a processing slot taken by <see cref="TryStartWork"/>.</summary>
    public void FinishWork(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        lock (_sync)
        {
            if (!_partitions.TryGetValue(partition, out var usage) || usage.Running == 0)
            {
                throw new InvalidOperationException($"No work was started for {partition}.");
            }

            Store(partition, usage with { Running = usage.Running - 1 });
        }
    }

    /// <summary>True while the partition's byte cap is spent.</summary>
    public bool IsPartitionSaturated(TopicPartition partition)
    {
        lock (_sync)
        {
            return _partitions.TryGetValue(partition, out var usage) && usage.Bytes >= MaxBytesPerPartition;
        }
    }

    /// <summary>True once the partition's bytes fell to half its cap; see <see cref="IsBelowGlobalResumeMark"/>.</summary>
    public bool IsPartitionBelowResumeMark(TopicPartition partition)
    {
        lock (_sync)
        {
            return !_partitions.TryGetValue(partition, out var usage) || usage.Bytes <= MaxBytesPerPartition / 2;
        }
    }

    public int RunningOf(TopicPartition partition)
    {
        lock (_sync)
        {
            return _partitions.TryGetValue(partition, out var usage) ? usage.Running : 0;
        }
    }

    public int ReservedMessagesOf(TopicPartition partition)
    {
        lock (_sync)
        {
            return _partitions.TryGetValue(partition, out var usage) ? usage.Messages : 0;
        }
    }

    public long ReservedBytesOf(TopicPartition partition)
    {
        lock (_sync)
        {
            return _partitions.TryGetValue(partition, out var usage) ? usage.Bytes : 0;
        }
    }

    private void Store(TopicPartition partition, Usage usage)
    {
        if (usage == default)
        {
            _partitions.Remove(partition);
        }
        else
        {
            _partitions[partition] = usage;
        }
    }

    private readonly record struct Usage(int Messages, long Bytes, int Running);
}
