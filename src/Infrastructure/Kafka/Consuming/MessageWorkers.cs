using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Runs the processor for admitted messages, each on the thread pool so that the poll thread never waits for
/// processing, and redelivers a message that was not acknowledged after a backoff until it is acknowledged or its
/// partition's token is cancelled.
/// </summary>
internal sealed class MessageWorkers
{
    private readonly IMessageProcessor _processor;
    private readonly RetryBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly IConsumerObserver _observer;
    private readonly ILogger _logger;
    private readonly Action<InFlightMessage, bool> _finished;
    private readonly Lock _sync = new();
    private int _running;
    private TaskCompletionSource? _idle;

    /// <param name="finished">Called once per message with whether it was acknowledged.</param>
    public MessageWorkers(
        IMessageProcessor processor,
        RetryBackoff backoff,
        TimeProvider time,
        IConsumerObserver observer,
        ILogger logger,
        Action<InFlightMessage, bool> finished)
    {
        _processor = processor;
        _backoff = backoff;
        _time = time;
        _observer = observer;
        _logger = logger;
        _finished = finished;
    }

    public int Running
    {
        get
        {
            lock (_sync)
            {
                return _running;
            }
        }
    }

    public void Start(InFlightMessage message)
    {
        lock (_sync)
        {
            _running++;
        }

        // Queued with its state rather than through Task.Run, which costs a closure, a task and an unwrapping task
        // per message.
        ThreadPool.QueueUserWorkItem(static work => _ = work.Workers.RunAsync(work.Message), (Workers: this, Message: message), preferLocal: false);
    }

    /// <summary>Waits until no worker runs, at most <paramref name="timeout"/>; false on timeout.</summary>
    public async Task<bool> WaitForIdleAsync(TimeSpan timeout)
    {
        Task idle;
        lock (_sync)
        {
            if (_running == 0)
            {
                return true;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        try
        {
            await idle.WaitAsync(timeout, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunAsync(InFlightMessage message)
    {
        var acknowledged = false;
        try
        {
            acknowledged = await ProcessUntilAcknowledgedAsync(message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A worker must never fault: its message would be stuck in flight forever.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogError(
                exception,
                "Worker for {Topic} [{Partition}] @{Offset} failed unexpectedly; the message is not acknowledged",
                message.Result.Topic,
                message.Result.Partition.Value,
                message.Result.Offset.Value);
        }
        finally
        {
            Finish(message, acknowledged);
        }
    }

    private void Finish(InFlightMessage message, bool acknowledged)
    {
        try
        {
            _finished(message, acknowledged);
        }
        finally
        {
            lock (_sync)
            {
                _running--;
                if (_running == 0 && _idle is not null)
                {
                    _idle.TrySetResult();
                    _idle = null;
                }
            }
        }
    }

    // Pooled: a message waits here until its rows are durable, so a state machine allocated per message (2 % of what a
    // drain allocated, EventPipe allocation sampling) outlives young collections. The pools keep a few per thread and
    // core while thousands of rounds wait at once, so in a drain this and the three pooled methods it awaits saved
    // only 0.1-0.3 KiB of 7.1-7.3 KiB per round; they cost nothing.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessUntilAcknowledgedAsync(InFlightMessage message)
    {
        var token = message.Lease.Token;
        var retrying = false;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (token.IsCancellationRequested)
                {
                    return false;
                }

                var outcome = ProcessOutcome.RetryLater;
                Exception? fault = null;
                try
                {
                    outcome = await _processor.ProcessAsync(message.Result, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return false;
                }
#pragma warning disable CA1031 // Processing failures become a retry; they must not reach the poll loop.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    fault = exception;
                }

                if (outcome == ProcessOutcome.Ack)
                {
                    return true;
                }

                if (!retrying)
                {
                    retrying = true;
                    message.Lease.EnterRetry();
                }

                var delay = _backoff.DelayAfter(attempt);
                LogRetry(message, attempt, delay, fault);
                _observer.MessageRetryScheduled(message.Lease.Partition, attempt, delay, fault is not null);
                try
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
        finally
        {
            if (retrying)
            {
                message.Lease.ExitRetry();
            }
        }
    }

    private void LogRetry(InFlightMessage message, int attempt, TimeSpan delay, Exception? fault)
    {
        if (fault is null)
        {
            _logger.LogWarning(
                "Message {Topic} [{Partition}] @{Offset} not acknowledged (attempt {Attempt}); partition paused, redelivery in {Delay}",
                message.Result.Topic,
                message.Result.Partition.Value,
                message.Result.Offset.Value,
                attempt,
                delay);
        }
        else
        {
            _logger.LogError(
                fault,
                "Processor failed on {Topic} [{Partition}] @{Offset} (attempt {Attempt}); partition paused, redelivery in {Delay}",
                message.Result.Topic,
                message.Result.Partition.Value,
                message.Result.Offset.Value,
                attempt,
                delay);
        }
    }
}
