using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

public sealed partial class GatedKafkaConsumer
{
    /// <summary>
    /// Records received between two passes over every partition's pause state while records stream in. Such a pass
    /// checks all the partitions: made for every record, it was a quarter of the poll thread's CPU in a drain (perf, 24
    /// partitions). The partition a record arrives on is decided at once, so its limits hold exactly; what the pass
    /// adds is resuming partitions whose work finished meanwhile, and pausing for the whole budget. It also runs at
    /// once when nothing arrived, a record waits for budget, budget was handed to waiting records, partitions were
    /// assigned or Consume failed, and at least every <see cref="MaxMillisecondsBetweenPauseDecisions"/> ms.
    /// </summary>
    internal const int RecordsBetweenPauseDecisions = 16;

    /// <summary>Bounds how late a partition resumes when records trickle in on others (monotonic clock).</summary>
    internal const int MaxMillisecondsBetweenPauseDecisions = 10;

    // Poll-thread state.
    private readonly Dictionary<TopicPartition, PartitionLease> _leases = [];
    private int _receivedSincePauseDecision = RecordsBetweenPauseDecisions;
    private long _lastPauseDecision;
    private readonly List<PartitionLease> _leasesAwaitingBudget = [];
    private readonly FetchedTotalsBaseline _fetched = new();
    private IConsumer<byte[], byte[]>? _consumer;
    private PartitionFlowControl? _flow;
    private Func<PartitionLease, PauseReason?>? _wantedPause;

    // Read by workers (nudge) once set.
    private volatile OffsetCommitter? _committer;
    private volatile Error? _fatalError;

    private void PollThreadMain()
    {
        Exception? failure = null;
        try
        {
            var consumer = _factory.Create(new ConsumerEventHandlers(
                OnPartitionsAssigned,
                OnPartitionsRevoked,
                OnPartitionsLost,
                OnStatistics,
                OnError,
                OnLog));
            _consumer = consumer;
            _flow = new PartitionFlowControl(consumer, _observer, _logger);
            _wantedPause = WantedPause;
            _committer = new OffsetCommitter(consumer, _offsets, _observer, _logger);
            _committer.Start();
            consumer.Subscribe(_options.Topic);
            _logger.LogInformation(
                "Consuming {Topic} as group {GroupId}", _options.Topic, _options.GroupId);
            PollUntilStopped(consumer);
        }
#pragma warning disable CA1031 // Reported through Completion after the shutdown below.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
            _logger.LogCritical(exception, "Poll loop of {Topic} stopped on an error", _options.Topic);
        }

        try
        {
            ShutDown();
        }
#pragma warning disable CA1031 // Reported through Completion.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure ??= exception;
            _logger.LogError(exception, "Shutdown of the consumer of {Topic} failed", _options.Topic);
        }

        if (failure is not null)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult();
        }
    }

    private void PollUntilStopped(IConsumer<byte[], byte[]> consumer)
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (_fatalError is { } fatal)
            {
                throw new KafkaException(fatal);
            }

            ReserveAwaitingBudget();
            var now = Environment.TickCount64;
            if (_receivedSincePauseDecision >= RecordsBetweenPauseDecisions
                || _leasesAwaitingBudget.Count > 0
                || now - _lastPauseDecision >= MaxMillisecondsBetweenPauseDecisions)
            {
                _flow!.Apply(_leases.Values, _wantedPause!);
                _receivedSincePauseDecision = 0;
                _lastPauseDecision = now;
            }

            ConsumeResult<byte[], byte[]>? result;
            try
            {
                result = consumer.Consume(_options.PollTimeout);
            }
            catch (ConsumeException exception) when (!exception.Error.IsFatal)
            {
                _logger.LogWarning(
                    "Consume error on {Topic}: {Reason} ({Code})",
                    _options.Topic,
                    exception.Error.Reason,
                    exception.Error.Code);
                RequestPauseDecision();
                continue;
            }

            if (result?.Message is not null && !result.IsPartitionEOF)
            {
                _receivedSincePauseDecision++;
                Receive(result);
            }
            else
            {
                // Idle (or only an end of partition): paused partitions may be ready to resume.
                RequestPauseDecision();
            }
        }
    }

    /// <summary>Makes the next pass of the poll loop decide every partition's pause state.</summary>
    private void RequestPauseDecision() => _receivedSincePauseDecision = RecordsBetweenPauseDecisions;

    private void Receive(ConsumeResult<byte[], byte[]> result)
    {
        var receivedAt = _time.GetTimestamp();
        if (!_leases.TryGetValue(result.TopicPartition, out var lease) || lease.IsStopped)
        {
            // Not (or no longer) ours: it is redelivered to the owner from the committed offset.
            return;
        }

        var message = new ReceivedMessage(result, SizeOf(result.Message), receivedAt);
        if (lease.AwaitingBudget.Count > 0)
        {
            lease.AwaitingBudget.Enqueue(message);
            return;
        }

        var reserved = lease.Budget.TryReserve(message.Bytes);
        if (reserved != AdmitResult.Admitted)
        {
            lease.AwaitingBudget.Enqueue(message);
            lease.AwaitingOn = reserved;
            _leasesAwaitingBudget.Add(lease);
            return;
        }

        ReportInFlight();
        MakeReady(lease, message);
        _flow!.Apply(lease, _wantedPause!);
    }

    /// <summary>Reserves budget for waiting messages in the order their partitions started waiting.</summary>
    private void ReserveAwaitingBudget()
    {
        var index = 0;
        while (index < _leasesAwaitingBudget.Count)
        {
            var lease = _leasesAwaitingBudget[index];
            while (lease.AwaitingBudget.TryPeek(out var message))
            {
                var reserved = lease.Budget.TryReserve(message.Bytes);
                if (reserved != AdmitResult.Admitted)
                {
                    lease.AwaitingOn = reserved;
                    break;
                }

                lease.AwaitingBudget.Dequeue();
                ReportInFlight();
                MakeReady(lease, message);
            }

            if (lease.AwaitingBudget.Count == 0)
            {
                _leasesAwaitingBudget.RemoveAt(index);
                RequestPauseDecision();
                continue;
            }

            if (lease.AwaitingOn == AdmitResult.BudgetFull)
            {
                // The oldest message waiting for the global budget goes first, or a large one would starve.
                return;
            }

            index++;
        }
    }

    private void MakeReady(PartitionLease lease, ReceivedMessage message)
    {
        lock (lease.Sync)
        {
            lease.Ready.Enqueue(message);
        }

        StartReadyWork(lease);
    }

    /// <summary>
    /// Hands ready messages of the partition to workers while processing slots are free. Called by the poll
    /// thread after a message became ready and by a worker that finished one, so a freed slot is reused at once.
    /// </summary>
    private void StartReadyWork(PartitionLease lease)
    {
        var partition = lease.Partition;
        lock (lease.Sync)
        {
            while (!lease.IsStopped && lease.Ready.TryPeek(out var message) && lease.TryStartWork())
            {
                lease.Ready.Dequeue();

                // Tracking here, in dispatch order (which is offset order), keeps ready messages out of the gate:
                // a revoke can drop them without waiting for them.
                var offset = message.Result.Offset.Value;
                if (!lease.Gate.TryTrack(offset, out var tracked))
                {
                    // The fetch position went backwards (an offset reset after log truncation). Processing the
                    // record without a gate entry keeps it from being lost; it cannot hold back later commits.
                    _logger.LogWarning(
                        "{Topic} [{Partition}] @{Offset} is not after the last offset received from that partition; processing it untracked",
                        partition.Topic,
                        partition.Partition.Value,
                        offset);
                }

                lease.AddWorker();
                _workers.Start(new InFlightMessage(message.Result, tracked, message.Bytes, lease, message.ReceivedTimestamp));
            }
        }
    }

    /// <summary>
    /// Why the partition should be paused now, if at all. A partition paused for a limit stays paused until usage
    /// fell to half that limit (hysteresis): every pause discards what librdkafka prefetched for the partition, and
    /// a resumed partition takes a while to deliver again (hundreds of milliseconds with the mock broker).
    /// </summary>
    private PauseReason? WantedPause(PartitionLease lease)
    {
        if (lease.IsRetrying)
        {
            return PauseReason.Retrying;
        }

        if (lease.AwaitingBudget.Count > 0)
        {
            return lease.AwaitingOn == AdmitResult.BudgetFull ? PauseReason.GlobalBudget : PauseReason.PartitionBudget;
        }

        var pausedFor = lease.PausedFor;
        var budget = lease.Budget;
        if (_budget.IsGloballySaturated
            || IsAnyMessageAwaitingGlobalBudget()
            || (pausedFor == PauseReason.GlobalBudget && !_budget.IsBelowGlobalResumeMark))
        {
            return PauseReason.GlobalBudget;
        }

        var ready = lease.ReadyCount;
        if (budget.IsSaturated
            || ready >= _options.MaxBufferedPerPartition
            || (pausedFor == PauseReason.PartitionBudget
                && (!budget.IsBelowResumeMark || ready > _options.MaxBufferedPerPartition / 2)))
        {
            return PauseReason.PartitionBudget;
        }

        var pending = lease.Gate.Pending;
        if (pending >= _options.MaxUncommittedPerPartition
            || (pausedFor == PauseReason.UncommittedLimit && pending > _options.MaxUncommittedPerPartition / 2))
        {
            return PauseReason.UncommittedLimit;
        }

        return null;
    }

    private bool IsAnyMessageAwaitingGlobalBudget()
    {
        foreach (var lease in _leasesAwaitingBudget)
        {
            if (lease.AwaitingOn == AdmitResult.BudgetFull)
            {
                return true;
            }
        }

        return false;
    }

    private void ReportInFlight()
    {
        var (messages, bytes) = _budget.Totals;
        _observer.InFlightChanged(messages, bytes);
    }

    private static long SizeOf(Message<byte[], byte[]> message)
    {
        long size = (message.Key?.Length ?? 0) + (message.Value?.Length ?? 0);
        if (message.Headers is { } headers)
        {
            // By index: Headers' enumerator is an object of its own, one per message.
            for (var i = 0; i < headers.Count; i++)
            {
                var header = headers[i];
                size += header.Key.Length + (header.GetValueBytes()?.Length ?? 0);
            }
        }

        return size;
    }
}
