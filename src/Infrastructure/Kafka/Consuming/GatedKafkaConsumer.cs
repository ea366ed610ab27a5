using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Kafka consumer that processes the messages of each partition concurrently while committing, per partition,
/// only offsets whose every earlier received offset is finished; what it holds is bounded in messages and bytes.
/// </summary>
/// <remarks>
/// <para>Threads. One dedicated poll thread owns the Kafka consumer: it polls, reserves each message's bytes in the
/// <see cref="InFlightBudget"/>, queues the message as ready for its partition and pauses/resumes partitions.
/// Rebalance, statistics and error callbacks run on it too (librdkafka serves them inside <c>Consume</c> and
/// <c>Close</c>). A ready message is tracked in the <see cref="OffsetManager"/> and handed to a worker on the thread
/// pool as soon as its partition has a free processing slot; a worker that finishes reports completion and starts
/// the next ready message of its partition itself. A committer task commits batches; commits and rebalance
/// handling exclude each other.</para>
/// <para>Flow control. A partition is paused when its ready buffer is full, its byte cap or the global byte budget
/// is spent, one of its messages is being retried, or too many of its offsets wait for commit; it resumes once
/// the cause fell to half its limit. Pausing discards what librdkafka prefetched, and a resumed partition may take
/// up to a second to deliver again, hence the buffer and the hysteresis.</para>
/// <para>Revoke: the partitions stop taking work and drop messages no worker has started, the handler waits up to
/// <see cref="KafkaConsumerOptions.RevokeDrainTimeout"/> for the messages being processed, cancels what is left,
/// commits the contiguous finished prefix synchronously and releases the partitions. Lost: work is cancelled and
/// nothing is committed. Assigned: fresh gates; fetching starts from the group's committed offset.</para>
/// <para>Shutdown (<see cref="StopAsync"/>, cancelling <see cref="RunAsync"/>, <see cref="DisposeAsync"/>):
/// polling and periodic commits stop, messages no worker has started are dropped, those being processed get up to
/// <see cref="KafkaConsumerOptions.ShutdownDrainTimeout"/>, the finished prefix is committed, and <c>Close</c> leaves
/// the group. Whatever is not finished by then is not committed and is redelivered to the next owner.</para>
/// </remarks>
public sealed partial class GatedKafkaConsumer : IAsyncDisposable
{
    /// <summary>How long shutdown waits for cancelled workers to return before disposing the consumer.</summary>
    private static readonly TimeSpan WorkerExitTimeout = TimeSpan.FromSeconds(5);

    private readonly KafkaConsumerOptions _options;
    private readonly IConsumerObserver _observer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IKafkaConsumerFactory _factory;
    private readonly OffsetManager _offsets;
    private readonly InFlightBudget _budget;
    private readonly MessageWorkers _workers;
    private readonly LargeMessageCollector _largeMessages;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _disposed;

    public GatedKafkaConsumer(
        KafkaConsumerOptions options,
        IMessageProcessor processor,
        IConsumerObserver? observer,
        ILogger<GatedKafkaConsumer> logger,
        TimeProvider? timeProvider = null)
        : this(options, processor, observer, logger, timeProvider, new ConfluentConsumerFactory(options))
    {
    }

    internal GatedKafkaConsumer(
        KafkaConsumerOptions options,
        IMessageProcessor processor,
        IConsumerObserver? observer,
        ILogger logger,
        TimeProvider? timeProvider,
        IKafkaConsumerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(factory);
        options.EnsureValid();

        _options = options;
        _observer = observer is null ? NullConsumerObserver.Instance : new GuardedConsumerObserver(observer, logger);
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _factory = factory;
        _offsets = new OffsetManager(options.CommitInterval, options.CommitEveryCompletions, _time);
        _budget = new InFlightBudget(
            options.MaxInFlightBytesPerPartition,
            options.MaxInFlightBytes,
            options.EffectiveMaxInFlightLargeBytes);
        _largeMessages = new LargeMessageCollector(_budget.MaxLargeBytes / 2, _time);
        _workers = new MessageWorkers(
            processor,
            new RetryBackoff(options.RetryInitialBackoff, options.RetryMaxBackoff),
            _time,
            _observer,
            logger,
            OnWorkFinished);
    }

    /// <summary>Partitions currently assigned to this consumer (thread-safe).</summary>
    public IReadOnlyList<TopicPartition> AssignedPartitions => _offsets.Partitions;

    /// <summary>Received, unfinished messages and their bytes (thread-safe).</summary>
    public (int Messages, long Bytes) InFlight => _budget.Totals;

    /// <summary>Completes when the consumer has shut down; faulted when it stopped on a fatal error.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gate state of every assigned partition (thread-safe).</summary>
    public IReadOnlyList<PartitionGateSnapshot> GetGateSnapshots() => _offsets.GetSnapshots();

    /// <summary>Starts the poll thread, which subscribes and consumes until a stop is requested.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The consumer was already started.");
        }

        var thread = new Thread(PollThreadMain)
        {
            IsBackground = true,
            Name = "kafka-poll " + _options.Topic,
        };
        thread.Start();
    }

    /// <summary>
    /// Starts and consumes until <paramref name="stoppingToken"/> is cancelled, then shuts down gracefully; completes
    /// after the consumer has left the group. Throws when the consumer stopped on a fatal error.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Start();
        using (stoppingToken.Register(RequestStop))
        {
            await _completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Asks the poll thread to stop; the shutdown itself proceeds as described on the type.</summary>
    public void RequestStop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: already stopped.
        }
    }

    /// <summary>Stops gracefully and waits until the consumer has left the group.</summary>
    public Task StopAsync()
    {
        RequestStop();
        return Volatile.Read(ref _started) == 1 ? _completion.Task : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        RequestStop();
        if (Volatile.Read(ref _started) == 1)
        {
            try
            {
                await _completion.Task.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The failure was logged and surfaces through RunAsync/StopAsync/Completion.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _stopping.Dispose();
    }

    /// <summary>Runs on the worker's thread once per message.</summary>
    private void OnWorkFinished(InFlightMessage message, bool acknowledged)
    {
        var lease = message.Lease;
        if (acknowledged)
        {
            if (_offsets.Complete(message.Tracked) == CompletionResult.CommitDue)
            {
                _committer?.Nudge();
            }

            _observer.MessageAcknowledged(lease.Partition, _time.GetElapsedTime(message.ReceivedTimestamp), message.Result.Message.Timestamp);
        }

        lease.FinishWork();
        lease.Budget.Release(message.Bytes);
        ReportInFlight();
        _largeMessages.Finished(message.Bytes);

        // Reuse the freed slot at once rather than on the poll thread's next pass.
        StartReadyWork(lease);
        lease.RemoveWorker();
    }
}
