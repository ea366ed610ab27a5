using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Commits the batches of the <see cref="OffsetManager"/> from a task of its own, so that a slow commit round trip
/// never holds up polling.
/// </summary>
/// <remarks>
/// librdkafka's commit is thread-safe, but rebalance callbacks run on the poll thread inside <c>Consume</c>. Every
/// commit therefore happens under one lock, and rebalance handling takes that lock (<see cref="RunExclusive"/>)
/// while it drops gates and makes the final commit of revoked partitions. A batch is taken and committed inside
/// the lock, so a batch taken before a revoke can never be committed after the revoke's final commit.
/// </remarks>
internal sealed class OffsetCommitter : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly OffsetManager _offsets;
    private readonly IConsumerObserver _observer;
    private readonly ILogger _logger;
    private readonly Lock _commitLock = new();
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public OffsetCommitter(
        IConsumer<byte[], byte[]> consumer,
        OffsetManager offsets,
        IConsumerObserver observer,
        ILogger logger)
    {
        _consumer = consumer;
        _offsets = offsets;
        _observer = observer;
        _logger = logger;
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Wakes the loop early (the completion-count threshold was reached).</summary>
    public void Nudge()
    {
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Stopped; the final commit covers it.
        }
    }

    /// <summary>Stops the periodic commits; later commits go through <see cref="RunExclusive"/> only.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="action"/> while no commit can happen.</summary>
    public void RunExclusive(Action action)
    {
        lock (_commitLock)
        {
            action();
        }
    }

    /// <summary>
    /// Commits offsets synchronously; the caller holds the lock (inside <see cref="RunExclusive"/>). Returns false
    /// when some or all of them were not committed (already logged and reported).
    /// </summary>
    public bool CommitHeld(IReadOnlyList<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0)
        {
            return true;
        }

        try
        {
            _consumer.Commit(offsets);
            _offsets.MarkCommitted(offsets);
            _observer.OffsetsCommitted(offsets);
            return true;
        }
        catch (TopicPartitionOffsetException exception)
        {
            var committed = exception.Results.Where(r => !r.Error.IsError).Select(r => r.TopicPartitionOffset).ToList();
            var failed = exception.Results.Where(r => r.Error.IsError).Select(r => r.TopicPartitionOffset).ToList();
            if (committed.Count > 0)
            {
                _offsets.MarkCommitted(committed);
                _observer.OffsetsCommitted(committed);
            }

            _logger.LogWarning(
                "Commit of {Failed} of {Count} partition offset(s) failed: {Reason}",
                failed.Count,
                offsets.Count,
                exception.Error.Reason);
            _observer.CommitFailed(failed, exception);
            return false;
        }
        catch (KafkaException exception)
        {
            _logger.LogWarning(
                "Commit of {Count} partition offset(s) failed: {Reason}", offsets.Count, exception.Error.Reason);
            _observer.CommitFailed(offsets, exception);
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _nudge.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            // Capped so that the gate state is reported at least every minute, whatever the interval.
            var wait = _offsets.TimeUntilCommitDue;
            if (wait > MaxWait)
            {
                wait = MaxWait;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await _nudge.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                // A failed batch is offered again by the next one: MarkCommitted was not called for it.
                RunExclusive(() => CommitHeld(_offsets.TakeCommitBatch()));
                foreach (var snapshot in _offsets.GetSnapshots())
                {
                    _observer.GateStateReported(snapshot);
                }
            }
#pragma warning disable CA1031 // The loop outlives any single failure; the next cycle tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.LogError(exception, "Commit cycle failed");
            }
        }
    }
}
