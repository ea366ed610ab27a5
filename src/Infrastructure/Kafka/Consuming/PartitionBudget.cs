using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// One partition's share of the <see cref="InFlightBudget"/>: the bytes its received, unfinished messages hold (up to
/// <see cref="InFlightBudget.MaxBytesPerPartition"/>), counted against the totals. Obtained once per partition from
/// <see cref="InFlightBudget.For"/> and kept by the consumer's lease, so the poll loop and the workers reach it
/// without a lookup. It outlives an assignment: bytes that workers of an earlier assignment still hold count until
/// they finish.
/// </summary>
/// <remarks>
/// Thread-safe: changes take this partition's lock (and the totals are updated atomically inside it), so workers of
/// different partitions never wait for each other; the reads the poll loop's pause decision makes take no lock.
/// </remarks>
public sealed class PartitionBudget
{
    private readonly Lock _sync = new();
    private readonly InFlightBudget _budget;
    private int _messages;
    private long _bytes;

    internal PartitionBudget(TopicPartition partition, InFlightBudget budget)
    {
        Partition = partition;
        _budget = budget;
    }

    public TopicPartition Partition { get; }

    /// <summary>Messages holding bytes of this partition.</summary>
    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Bytes held by this partition's messages.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>True while the partition's byte cap is spent.</summary>
    public bool IsSaturated => Bytes >= _budget.MaxBytesPerPartition;

    /// <summary>
    /// True once the partition's bytes fell to half its cap: the point at which a partition paused for it resumes
    /// (see <see cref="InFlightBudget.IsBelowGlobalResumeMark"/>).
    /// </summary>
    public bool IsBelowResumeMark => Bytes <= _budget.MaxBytesPerPartition / 2;

    /// <summary>Reserves the bytes of a received message.</summary>
    public AdmitResult TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_sync)
        {
            if (_messages > 0 && _bytes + bytes > _budget.MaxBytesPerPartition)
            {
                return AdmitResult.PartitionFull;
            }

            var admitted = bytes >= InFlightBudget.LargeMessageBytes
                ? _budget.TryReserveLarge(bytes)
                : _budget.TryReserveTotal(bytes) ? AdmitResult.Admitted : AdmitResult.BudgetFull;
            if (admitted == AdmitResult.Admitted)
            {
                _messages++;
                Interlocked.Add(ref _bytes, bytes);
            }

            return admitted;
        }
    }

    /// <summary>Gives back the bytes of a finished or dropped message.</summary>
    public void Release(long bytes)
    {
        lock (_sync)
        {
            if (_messages == 0)
            {
                throw new InvalidOperationException($"Nothing was reserved for {Partition}.");
            }

            _budget.ReleaseTotal(Partition, bytes);
            _messages--;
            Interlocked.Add(ref _bytes, -bytes);
        }
    }
}
