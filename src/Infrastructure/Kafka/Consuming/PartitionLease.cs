using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// The consumer's hold on one assigned partition, from assignment until revoke or loss, and everything the consumer
/// keeps for it: its received messages (waiting for budget, or ready and waiting for a processing slot), its processing
/// slots, its share of the byte budget (<see cref="Budget"/>), the commit gate of this assignment
/// (<see cref="Gate"/>, which the <see cref="OffsetManager"/> alone reads to decide what is committable), the
/// cancellation of its workers, its pause state and whether one of its messages is being retried.
/// </summary>
/// <remarks>
/// <see cref="AwaitingBudget"/>, <see cref="AwaitingOn"/> and <see cref="PausedFor"/> belong to the poll thread.
/// <see cref="Ready"/> and <see cref="IsStopped"/> are guarded by <see cref="Sync"/>, because workers that finish a
/// message start the next ready one themselves. The processing slots belong to the assignment, not to the partition:
/// workers of an earlier assignment that ignore their cancellation keep theirs, and the next assignment of the same
/// partition must not wait for them, since nothing but its own workers and new messages would start its ready work.
/// The cancellation source is disposed once the lease is retired and its last worker has finished, so neither a
/// worker nor the poll thread ever sees a disposed token.
/// </remarks>
internal sealed class PartitionLease : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly int _maxRunning;
    private int _retrying;
    private int _running;
    private int _workers;
    private int _stopped;
    private int _retired;
    private int _disposed;

    public PartitionLease(TopicPartition partition, int maxRunning, PartitionBudget budget, OffsetManager.PartitionEntry gate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        _maxRunning = maxRunning;
        Partition = partition;
        Budget = budget;
        Gate = gate;
        Token = _cancellation.Token;
    }

    public TopicPartition Partition { get; }

    /// <summary>The partition's bytes in the consumer's budget (shared with its earlier assignments' workers).</summary>
    public PartitionBudget Budget { get; }

    /// <summary>The commit gate of this assignment: a later assignment of the partition gets a fresh one.</summary>
    public OffsetManager.PartitionEntry Gate { get; }

    /// <summary>Cancelled when workers of this partition must give up (lost, drain timed out, shutdown).</summary>
    public CancellationToken Token { get; }

    public Lock Sync { get; } = new();

    /// <summary>Received messages holding budget, in offset order, waiting for a processing slot.</summary>
    public Queue<ReceivedMessage> Ready { get; } = new();

    /// <summary>Received messages whose bytes could not be reserved yet, in offset order.</summary>
    public Queue<ReceivedMessage> AwaitingBudget { get; } = new();

    /// <summary>Why the oldest message awaiting budget was refused.</summary>
    public AdmitResult AwaitingOn { get; set; }

    /// <summary>Set (under <see cref="Sync"/>) when the partition stops taking work.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) == 1;

    /// <summary>Null while fetching; otherwise why this consumer paused the partition.</summary>
    public PauseReason? PausedFor { get; set; }

    public bool IsRetrying => Volatile.Read(ref _retrying) > 0;

    /// <summary>Messages of this assignment being processed.</summary>
    public int Running => Volatile.Read(ref _running);

    public int ReadyCount
    {
        get
        {
            lock (Sync)
            {
                return Ready.Count;
            }
        }
    }

    /// <summary>Takes a processing slot if one is free; call under <see cref="Sync"/>, where ready work starts.</summary>
    public bool TryStartWork()
    {
        // Only this (locked) path adds; a concurrent finish can only make the check conservative.
        if (Volatile.Read(ref _running) >= _maxRunning)
        {
            return false;
        }

        Interlocked.Increment(ref _running);
        return true;
    }

    /// <summary>Frees a processing slot taken by <see cref="TryStartWork"/>.</summary>
    public void FinishWork()
    {
        int running;
        do
        {
            running = Volatile.Read(ref _running);
            if (running == 0)
            {
                throw new InvalidOperationException($"No work was started for {Partition}.");
            }
        }
        while (Interlocked.CompareExchange(ref _running, running - 1, running) != running);
    }

    public void EnterRetry() => Interlocked.Increment(ref _retrying);

    public void ExitRetry() => Interlocked.Decrement(ref _retrying);

    /// <summary>Registers a worker before it starts.</summary>
    public void AddWorker() => Interlocked.Increment(ref _workers);

    /// <summary>Unregisters a worker; its last action on the lease.</summary>
    public void RemoveWorker()
    {
        if (Interlocked.Decrement(ref _workers) == 0 && Volatile.Read(ref _retired) == 1)
        {
            Dispose();
        }
    }

    /// <summary>Stops new work (call under <see cref="Sync"/>); ready messages are the caller's to drop.</summary>
    public void StopTakingWork() => Volatile.Write(ref _stopped, 1);

    /// <summary>Cancels the partition's workers; poll thread only, before <see cref="Retire"/>.</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException)
        {
            // Thrown by cancellation callbacks the processor registered; they must not break a rebalance.
        }
    }

    /// <summary>
    /// The partition left the consumer (after <see cref="StopTakingWork"/> and any <see cref="Cancel"/>): dispose
    /// once no worker holds the lease any more.
    /// </summary>
    public void Retire()
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _workers) == 0)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cancellation.Dispose();
        }
    }
}
