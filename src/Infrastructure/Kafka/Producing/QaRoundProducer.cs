using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>
/// Publishes conversation rounds to the recorder topic. <see cref="Publish"/> never throws and never waits for
/// the broker: the scheduler calls it right before the AI call, so it only serializes, checks the size and hands
/// the record to librdkafka's queue; the delivery outcome arrives later and is logged and counted. No
/// producer-side dead-letter: a round that cannot be delivered is an error log with user id, size and reason.
/// </summary>
public sealed partial class QaRoundProducer : IAsyncDisposable
{
    private readonly Lock _rebuild = new();
    private IProducer<byte[], byte[]> _producer;
    private int _fatal;
    private readonly QaRoundMessageEncoder _encoder;
    private readonly KafkaProducerOptions _options;
    private readonly RecorderMetrics _metrics;
    private readonly ILogger<QaRoundProducer> _logger;
    private long _queued;
    private long _delivered;
    private long _failed;
    private long _rejected;
    private long _replacements;
    private long _disabled;
    private long _queuedBytes;
    private int _disposed;
    private readonly string _sendSpanName;
    private readonly string _clientId;

    public QaRoundProducer(KafkaProducerOptions options, RecorderMetrics metrics, TimeProvider timeProvider, ILogger<QaRoundProducer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid producer settings: " + string.Join(" ", problems));
        }

        _options = options;
        _metrics = metrics;
        _logger = logger;
        _encoder = new QaRoundMessageEncoder(timeProvider, options.ProducerInstance, options.MaxValueBytes);
        _sendSpanName = "send " + options.Topic;
        _clientId = options.AdditionalSettings.TryGetValue("client.id", out var clientId) ? clientId : KafkaProducerSettings.SchedulerClientId;
        _producer = BuildProducer();
        _metrics.SetProducerQueueSource(() => new ProducerBacklog(Math.Max(0, Counters.Pending), Math.Max(0, Interlocked.Read(ref _queuedBytes))));
    }

    public ProducerCounters Counters => new(
        Interlocked.Read(ref _queued), Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed), Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _replacements), Interlocked.Read(ref _disabled));

    /// <summary>Counts a round that was not sent because recording is switched off (<c>Producer:Enabled=false</c>).</summary>
    public void RecordDisabled()
    {
        Interlocked.Increment(ref _disabled);
        _metrics.RecordProduced(ProducerResult.Disabled);
    }

    /// <summary>
    /// Queues one round; <paramref name="occurred"/> is the round's time, shared by all its rows. The round's
    /// <c>send</c> span is a child of the caller's current span and ends with the delivery report; the record carries
    /// its W3C trace context (docs/design.md §7.6).
    /// </summary>
    public PublishOutcome Publish(string userId, IReadOnlyList<QaPair> pairs, DateTime occurred)
    {
        var span = SendSpans.Start(_sendSpanName, _options.Topic, _clientId);
        EncodedQaRound round;
        try
        {
            round = _encoder.Encode(userId, pairs, occurred);
        }
        catch (ArgumentException ex)
        {
            SendSpans.NotSent(span, "invalid_round");
            return Reject(PublishOutcome.RejectedInvalid, ProducerResult.Failed, () => LogInvalidRound(userId, ex.Message));
        }

        if (round.Violation is { } violation)
        {
            // The recorder would refuse it too (same RoundLimits): sending it would only move the failure downstream.
            SendSpans.NotSent(span, violation.Code);
            return Reject(PublishOutcome.RejectedTooLarge, ProducerResult.RejectedTooLarge,
                () => LogOverLimit(userId, violation.Code, violation.Description, round.PairCount));
        }

        var started = Stopwatch.GetTimestamp();
        var message = round.ToKafkaMessage();
        var valueBytes = message.Value.Length;
        SendSpans.Propagate(span, message);
        if (span is not null)
        {
            SendSpans.Describe(span, valueBytes, round.PairCount);
        }

        void Produce()
        {
            ReplaceIfFatal();
            Volatile.Read(ref _producer).Produce(_options.Topic, message, report => OnDelivery(report, started, userId, valueBytes, span));
        }

        // Counted before the hand-over: the delivery report may arrive before Produce returns.
        Interlocked.Add(ref _queuedBytes, valueBytes);
        try
        {
            try
            {
                Produce();
            }
            catch (KafkaException ex) when (IsFatal(ex.Error))
            {
                // The instance went fatal before its error callback told us: replace it and try this round once more.
                Volatile.Write(ref _fatal, 1);
                Produce();
            }
        }
        catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.MsgSizeTooLarge)
        {
            // Key and headers count against message.max.bytes too, so a value just under the limit can still be too big.
            NotQueued(span, valueBytes, ex.Error.Code.ToString());
            return Reject(PublishOutcome.RejectedTooLarge, ProducerResult.RejectedTooLarge,
                () => LogMessageTooLarge(userId, valueBytes, round.PairCount));
        }
        catch (KafkaException ex)
        {
            NotQueued(span, valueBytes, ex.Error.Code.ToString());
            return Reject(PublishOutcome.Failed, ProducerResult.Failed, () => LogProduceFailed(userId, valueBytes, ex.Error.Code.ToString(), ex.Error.Reason));
        }
        catch (ObjectDisposedException)
        {
            NotQueued(span, valueBytes, "closed");
            return Reject(PublishOutcome.Failed, ProducerResult.Failed, () => LogProduceFailed(userId, valueBytes, "Closed", "the producer is shut down"));
        }

        Interlocked.Increment(ref _queued);
        return PublishOutcome.Queued;
    }

    /// <summary>Waits until every queued round is delivered or has failed, or the timeout passes.</summary>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        // Flush blocks in librdkafka; it runs off the caller's thread so async callers are not stalled.
        Task.Run(() => Volatile.Read(ref _producer).Flush(timeout) == 0, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        IProducer<byte[], byte[]> producer;
        lock (_rebuild)
        {
            // Under the lock: a replacement running now either finished (we flush its result) or sees _disposed.
            producer = _producer;
        }

        var stillQueued = await Task.Run(() => producer.Flush(_options.FlushTimeout));
        if (stillQueued > 0)
        {
            LogUndelivered(stillQueued, _options.FlushTimeout.TotalSeconds);
        }

        producer.Dispose();
        _metrics.SetProducerQueueSource(null);
    }

    private IProducer<byte[], byte[]> BuildProducer()
    {
        // Per librdkafka instance: a replacement reports running totals from zero again.
        var statistics = new ProducerStatisticsBaseline();
        return new ProducerBuilder<byte[], byte[]>(KafkaProducerSettings.Build(_options.BootstrapServers, _options.AdditionalSettings))
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetLogHandler((_, message) => LogClientMessage(message.Level.ToString(), message.Facility, message.Message))
            .SetStatisticsHandler((_, json) => OnStatistics(statistics, json))
            .Build();
    }

    private void OnStatistics(ProducerStatisticsBaseline baseline, string json)
    {
        try
        {
            var statistics = ProducerStatisticsReader.Read(json);
            var (requests, retries, errors) = baseline.Advance(statistics);
            _metrics.AddProducerRequests(requests, retries, errors);
            _metrics.SetProducerBrokerRtt(statistics.SlowestBrokerRtt);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LogStatisticsUnreadable(ex.Message);
        }
    }

    private void NotQueued(Activity? span, int valueBytes, string errorType)
    {
        Interlocked.Add(ref _queuedBytes, -valueBytes);
        SendSpans.NotSent(span, errorType);
    }

    private void OnClientError(Error error)
    {
        LogClientError(error.Code, error.Reason, error.IsFatal);
        if (IsFatal(error))
        {
            MarkFatal();
        }
    }

    /// <summary>Replaces the instance now, off librdkafka's callback thread, rather than on the next round.</summary>
    private void MarkFatal()
    {
        Volatile.Write(ref _fatal, 1);
        _ = Task.Run(ReplaceIfFatal);
    }

    private static bool IsFatal(Error error) => error.IsFatal || error.Code == ErrorCode.Local_Fatal;

    /// <summary>
    /// After a fatal error (an idempotence sequence broken beyond repair) librdkafka fails every later produce of
    /// that instance, so the next round gets a fresh one. The old one's queued rounds fail with their own reports.
    /// </summary>
    private void ReplaceIfFatal()
    {
        if (Volatile.Read(ref _fatal) == 0 || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        IProducer<byte[], byte[]> old;
        lock (_rebuild)
        {
            if (Volatile.Read(ref _fatal) == 0 || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            old = _producer;
            Volatile.Write(ref _producer, BuildProducer());
            Volatile.Write(ref _fatal, 0);
        }

        Interlocked.Increment(ref _replacements);
        LogReplaced();
        _ = Task.Run(() =>
        {
            old.Flush(TimeSpan.FromSeconds(1));
            old.Dispose();
        });
    }

    private PublishOutcome Reject(PublishOutcome outcome, ProducerResult result, Action log)
    {
        Interlocked.Increment(ref _rejected);
        _metrics.RecordProduced(result);
        log();
        return outcome;
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report, long started, string userId, int valueBytes, Activity? span)
    {
        // librdkafka's callback thread: the round's span is current while its outcome is logged (so the log line
        // names the trace), and that thread's own current span is put back afterwards.
        var threadCurrent = Activity.Current;
        if (span is not null)
        {
            Activity.Current = span;
        }

        try
        {
            Interlocked.Add(ref _queuedBytes, -valueBytes);
            _metrics.ObserveProducerDelivery(Stopwatch.GetElapsedTime(started));
            if (report.Error.IsError)
            {
                if (IsFatal(report.Error))
                {
                    // Delivery reports can arrive before the error callback; either one is enough to replace the instance.
                    MarkFatal();
                }

                Interlocked.Increment(ref _failed);
                _metrics.RecordProduced(ProducerResult.Failed);
                LogProduceFailed(userId, valueBytes, report.Error.Code.ToString(), report.Error.Reason);
                return;
            }

            Interlocked.Increment(ref _delivered);
            _metrics.RecordProduced(ProducerResult.Ok);
        }
        finally
        {
            if (span is not null)
            {
                SendSpans.Delivered(span, report);
                Activity.Current = threadCurrent;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Round of user {UserId} not sent, the recorder would refuse it ({Limit}, {Pairs} pairs): {Detail}")]
    private partial void LogOverLimit(string userId, string limit, string detail, int pairs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Round of user {UserId} not recorded: its value has {ValueBytes} bytes ({Pairs} pairs), and with key and headers it exceeds the client's message.max.bytes; it was not sent")]
    private partial void LogMessageTooLarge(string userId, int valueBytes, int pairs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Round of user {UserId} not recorded: {Reason}")]
    private partial void LogInvalidRound(string userId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Round of user {UserId} ({ValueBytes} bytes) not delivered to Kafka: {ErrorCode} {Reason}")]
    private partial void LogProduceFailed(string userId, int valueBytes, string errorCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Producer closed with {Count} round(s) undelivered after waiting {Seconds} s")]
    private partial void LogUndelivered(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Kafka producer replaced after a fatal error; rounds queued in the old one are reported as failed")]
    private partial void LogReplaced();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka producer error {ErrorCode} (fatal: {IsFatal}): {Reason}")]
    private partial void LogClientError(ErrorCode errorCode, string reason, bool isFatal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "librdkafka statistics of the producer could not be read: {Reason}")]
    private partial void LogStatisticsUnreadable(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Text}")]
    private partial void LogClientMessage(string level, string facility, string text);
}
