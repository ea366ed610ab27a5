using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Bounds what the consumer holds: the bytes (key + value + headers) of received, unfinished messages, per
/// partition (<see cref="MaxBytesPerPartition"/>), over all partitions (<see cref="MaxBytes"/>) and, of those, of
/// large messages (<see cref="MaxLargeBytes"/>). (How many messages of a partition are processed at once is the
/// partition lease's to bound: it belongs to one assignment.)
/// </summary>
/// <remarks>
/// A message reserves its bytes when it is received and gives them back when it is finished (or dropped on a
/// revoke). When bytes cannot be reserved the consumer
/// pauses fetching instead of buffering more. A message larger than a byte limit is still admitted once nothing
/// else holds that limit: alone in its partition for the per-partition cap, alone in the whole consumer for the
/// global budget, so progress is always possible (a large message alone among large ones for theirs).
/// <para>Large messages (<see cref="LargeMessageBytes"/> or more) also have a budget of their own, because they cost
/// more than their size: their bytes and text live on the large object heap, which only a full collection frees. A
/// small budget for them keeps a flood of large rounds from growing the process, while the larger overall budget
/// keeps enough ordinary rounds in flight to fill the writer's transactions.</para>
/// Each partition's share is a <see cref="PartitionBudget"/> (<see cref="For"/>), which the consumer's lease of the
/// partition keeps. Thread-safe: each share has a lock of its own and the totals are updated atomically, so workers
/// of different partitions never wait for each other, but for a short lock that large messages share.
/// </remarks>
public sealed class InFlightBudget
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionBudget> _partitions = new();
    // Large reservations are rare and each checks two totals, so they take one lock among themselves.
    private readonly Lock _largeSync = new();
    private int _messages;
    private long _bytes;
    private int _largeMessages;
    private long _largeBytes;

    public InFlightBudget(long maxBytesPerPartition, long maxBytes, long? maxLargeBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytesPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLargeBytes ?? maxBytes, 1);
        MaxBytesPerPartition = maxBytesPerPartition;
        MaxBytes = maxBytes;
        MaxLargeBytes = Math.Min(maxLargeBytes ?? maxBytes, maxBytes);
    }

    /// <summary>
    /// What counts as a large message (key, value and headers): the runtime puts arrays of this size on the large
    /// object heap, and the value is about that size. Text of half this length is there too once decoded to UTF-16;
    /// such messages count against the overall budget only.
    /// </summary>
    public const long LargeMessageBytes = 85_000;

    public long MaxBytesPerPartition { get; }

    public long MaxBytes { get; }

    /// <summary>Bytes of large messages (<see cref="LargeMessageBytes"/> or more) in flight, a part of <see cref="MaxBytes"/>.</summary>
    public long MaxLargeBytes { get; }

    /// <summary>Bytes of large messages held now.</summary>
    public long LargeBytes => Interlocked.Read(ref _largeBytes);

    /// <summary>Messages holding bytes, and those bytes, over all partitions (each read atomically).</summary>
    public (int Messages, long Bytes) Totals => (Volatile.Read(ref _messages), Interlocked.Read(ref _bytes));

    /// <summary>True while the global byte budget is spent.</summary>
    public bool IsGloballySaturated => Interlocked.Read(ref _bytes) >= MaxBytes;

    /// <summary>
    /// True once global usage fell to half the byte budget: the point at which partitions paused for it resume.
    /// Resuming only then makes each pause (which discards what librdkafka prefetched) buy a batch of work.
    /// </summary>
    /// <remarks>
    /// Large messages must have fallen to half their budget as well, or be none (one may be larger than half): a
    /// message waiting for their budget pauses every partition too, since each resumed partition could add a large
    /// message held in memory while it waits.
    /// </remarks>
    public bool IsBelowGlobalResumeMark => Interlocked.Read(ref _bytes) <= MaxBytes / 2 && IsLargeBelowResumeMark;

    /// <summary>True once large messages fell to half their budget, or none is held.</summary>
    public bool IsLargeBelowResumeMark
    {
        get
        {
            lock (_largeSync)
            {
                return _largeMessages == 0 || _largeBytes <= MaxLargeBytes / 2;
            }
        }
    }

    /// <summary>
    /// The partition's share of the budget: its bytes, with the totals they count against. The same object
    /// serves the partition for as long as the budget lives (a partition assigned again keeps its drained share), so
    /// the consumer's lease of the partition holds it and never looks it up again.
    /// </summary>
    public PartitionBudget For(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return _partitions.GetOrAdd(partition, static (key, budget) => new PartitionBudget(key, budget), this);
    }

    // Called with the partition's lock held.
    internal AdmitResult TryReserveLarge(long bytes)
    {
        lock (_largeSync)
        {
            if (_largeMessages > 0 && _largeBytes + bytes > MaxLargeBytes)
            {
                return AdmitResult.BudgetFull;
            }

            if (!TryReserveTotal(bytes))
            {
                return AdmitResult.BudgetFull;
            }

            _largeMessages++;
            Interlocked.Add(ref _largeBytes, bytes);
            return AdmitResult.Admitted;
        }
    }

    // Called with the partition's lock held. Reserved against the total atomically: the total never exceeds the
    // budget but for a message admitted alone.
    internal bool TryReserveTotal(long bytes)
    {
        long total;
        do
        {
            total = Interlocked.Read(ref _bytes);
            if (Volatile.Read(ref _messages) > 0 && total + bytes > MaxBytes)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _bytes, total + bytes, total) != total);

        Interlocked.Increment(ref _messages);
        return true;
    }

    // Called with the partition's lock held.
    internal void ReleaseTotal(TopicPartition partition, long bytes)
    {
        if (bytes >= LargeMessageBytes)
        {
            lock (_largeSync)
            {
                if (_largeMessages == 0)
                {
                    throw new InvalidOperationException($"No large message was reserved for {partition}.");
                }

                _largeMessages--;
                Interlocked.Add(ref _largeBytes, -bytes);
            }
        }

        Interlocked.Decrement(ref _messages);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
