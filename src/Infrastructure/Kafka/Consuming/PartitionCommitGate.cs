using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Commit gate of one partition: records the offsets that were actually received (in receipt order, gaps allowed),
/// accepts completions in any order and exposes the offset that may be committed, i.e. one past the highest
/// received offset H such that H and every offset received before it are done.
/// </summary>
/// <remarks>
/// Offsets are never assumed to be contiguous: transaction markers and compaction leave holes, so the gate only
/// knows the offsets it was told about. Received offsets live in a ring in receipt order; completing the oldest one
/// advances the committable position over every done entry behind it, so each offset is passed over once
/// (amortised O(1) per operation). Completing by sequence number (<see cref="TryComplete(long, long)"/>) is O(1);
/// completing by offset alone is O(1) for contiguous offsets and a binary search over the window otherwise.
/// Not thread-safe: <see cref="OffsetManager"/> serialises access.
/// </remarks>
public sealed class PartitionCommitGate
{
    private const int DefaultInitialCapacity = 256;

    private Slot[] _slots;
    private int _mask;

    // Sequence numbers count received offsets in receipt order; the window [_head, _tail) holds the received
    // offsets that are not yet committable.
    private long _head;
    private long _tail;
    private int _doneInWindow;
    private long _lastReceived = -1;
    private long _committable = -1;

    public PartitionCommitGate(TopicPartition partition, int initialCapacity = DefaultInitialCapacity)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        Partition = partition;
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)initialCapacity);
        _slots = new Slot[capacity];
        _mask = capacity - 1;
    }

    public TopicPartition Partition { get; }

    /// <summary>The offset to commit (next offset to read), or null while nothing is committable yet.</summary>
    public long? CommittableOffset => _committable < 0 ? null : _committable;

    /// <summary>Offsets that are done but wait behind an earlier offset that is not.</summary>
    public int Backlog => _doneInWindow;

    /// <summary>Received offsets that are not done yet.</summary>
    public int InFlight => WindowSize - _doneInWindow;

    /// <summary>Received offsets that are not committable yet (in flight plus backlog).</summary>
    public int Pending => WindowSize;

    /// <summary>The highest offset received so far, or -1.</summary>
    public long LastReceivedOffset => _lastReceived;

    private int WindowSize => (int)(_tail - _head);

    /// <summary>
    /// Records a received offset. Offsets of one partition arrive in increasing order; an offset that is not
    /// greater than the last one received is refused (it is already tracked or was committed).
    /// </summary>
    /// <param name="sequence">Receipt sequence number, for <see cref="TryComplete(long, long)"/>.</param>
    public bool TryTrack(long offset, out long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset <= _lastReceived)
        {
            sequence = -1;
            return false;
        }

        if (WindowSize == _slots.Length)
        {
            Grow();
        }

        sequence = _tail++;
        _slots[sequence & _mask] = new Slot(offset, done: false);
        _lastReceived = offset;
        return true;
    }

    public bool TryTrack(long offset) => TryTrack(offset, out _);

    /// <summary>
    /// Marks a received offset as done. Returns false, changing nothing, for an offset that was never received,
    /// is already committable, or was already completed.
    /// </summary>
    public bool TryComplete(long offset)
    {
        var sequence = FindSequence(offset);
        return sequence >= 0 && CompleteAt(sequence);
    }

    /// <summary>Marks done the offset recorded under <paramref name="sequence"/> (O(1)).</summary>
    public bool TryComplete(long sequence, long offset)
    {
        if (sequence < _head || sequence >= _tail || _slots[sequence & _mask].Offset != offset)
        {
            return false;
        }

        return CompleteAt(sequence);
    }

    private bool CompleteAt(long sequence)
    {
        ref var slot = ref _slots[sequence & _mask];
        if (slot.Done)
        {
            return false;
        }

        slot.Done = true;
        _doneInWindow++;
        if (sequence == _head)
        {
            AdvanceHead();
        }

        return true;
    }

    private void AdvanceHead()
    {
        while (_head < _tail)
        {
            ref var slot = ref _slots[_head & _mask];
            if (!slot.Done)
            {
                return;
            }

            _committable = slot.Offset + 1;
            slot.Done = false;
            _doneInWindow--;
            _head++;
        }
    }

    private long FindSequence(long offset)
    {
        if (WindowSize == 0)
        {
            return -1;
        }

        var headOffset = _slots[_head & _mask].Offset;
        if (offset < headOffset || offset > _lastReceived)
        {
            return -1;
        }

        // Without gaps the offset sits exactly (offset - headOffset) slots after the head.
        var guess = _head + (offset - headOffset);
        if (guess < _tail && _slots[guess & _mask].Offset == offset)
        {
            return guess;
        }

        var low = _head;
        var high = Math.Min(guess, _tail - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var candidate = _slots[middle & _mask].Offset;
            if (candidate == offset)
            {
                return middle;
            }

            if (candidate < offset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var bigger = new Slot[_slots.Length * 2];
        var biggerMask = bigger.Length - 1;
        for (var sequence = _head; sequence < _tail; sequence++)
        {
            bigger[sequence & biggerMask] = _slots[sequence & _mask];
        }

        _slots = bigger;
        _mask = biggerMask;
    }

    private struct Slot(long offset, bool done)
    {
        public long Offset = offset;
        public bool Done = done;
    }
}
