using System.Diagnostics;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Mediator;
using Microsoft.Extensions.Logging;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;

namespace Recorder.Infrastructure.Kafka.Recording;

/// <summary>
/// What the recorder does with one Kafka record: decode it, send it as a <see cref="RecordQaBatchCommand"/>
/// through the mediator pipeline, and dead-letter what cannot be stored. A record is acknowledged only when its
/// rows are durable or its dead-letter copy is; otherwise it stays unacknowledged and the consumer retries it.
/// </summary>
public sealed partial class RecordingMessageProcessor(
    QaRoundMessageDecoder decoder,
    IMediator mediator,
    IDeadLetterPublisher deadLetters,
    RecorderMetrics metrics,
    ILogger<RecordingMessageProcessor> logger,
    TimeProvider timeProvider,
    string? consumerGroup = null) : IMessageProcessor
{
    public const string DbUnavailableReason = "db_unavailable";
    public const string DbRejectedReason = "db_rejected";

    /// <summary>How often per partition an unusable <c>occurred</c> is logged; every one is counted.</summary>
    public static readonly TimeSpan OccurredWarningInterval = TimeSpan.FromMinutes(1);

    private readonly PartitionWarningThrottle _occurredWarnings = new(timeProvider, OccurredWarningInterval);
    private readonly RecordSpans _spans = new(metrics, consumerGroup);

    /// <remarks>
    /// The record's <c>process</c> span (docs/design.md §7.6) is current throughout, so the command's span, the log
    /// entries and the record writer's link all name the record's trace.
    /// </remarks>
    // Pooled like the worker's retry loop that awaits it (MessageWorkers): it waits until the round's rows are durable.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ProcessOutcome> ProcessAsync(ConsumeResult<byte[], byte[]> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = _spans.StartProcess(message);
        try
        {
            QaRoundDecodeResult decoded;
            using (var decode = RecordSpans.StartDecode(span))
            {
                decoded = decoder.Decode(message.Message);
                RecordSpans.Decoded(decode, decoded);
            }

            if (!decoded.IsSuccess)
            {
                return await RejectUndecodableAsync(message, decoded.Error, span, cancellationToken);
            }

            var round = decoded.Round;
            metrics.AddQas(round.Pairs.Count);
            if (round.OccurredFallback is { } fallback)
            {
                NoteOccurredFallback(message, fallback, round.OccurredSource);
            }

            try
            {
                var result = await mediator.Send(round.ToCommand(new MessageOrigin(message.Topic, message.Partition.Value, message.Offset.Value)), cancellationToken);
                metrics.RecordBatchResult(BatchResult.Ok);
                if (message.Message.Timestamp.Type != TimestampType.NotAvailable)
                {
                    metrics.ObserveEndToEnd((result.DurableAt ?? timeProvider.GetUtcNow()) - message.Message.Timestamp.UtcDateTime);
                }

                LogRecorded(message.Topic, message.Partition.Value, message.Offset.Value, result.RowsInserted, result.RowsIgnored);
                RecordSpans.Recorded(span, result);
                return ProcessOutcome.Ack;
            }
            catch (RequestValidationException ex)
            {
                return await RejectUndecodableAsync(message, DecodeError.FromValidation(ex), span, cancellationToken);
            }
            catch (StorageUnavailableException ex)
            {
                metrics.RecordBatchResult(BatchResult.DbError);
                return await DeadLetterAsync(message, DbUnavailableReason, ex.Message, span, cancellationToken);
            }
            catch (StorageRejectedException ex)
            {
                metrics.RecordBatchResult(BatchResult.DbError);
                return await DeadLetterAsync(message, DbRejectedReason, ex.Message, span, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            RecordSpans.Failed(span, ex);
            throw;
        }
    }

    private void NoteOccurredFallback(ConsumeResult<byte[], byte[]> message, OccurredFallbackReason reason, OccurredSource source)
    {
        metrics.RecordOccurredFallback(reason);
        if (_occurredWarnings.TryEnter(message.Topic, message.Partition.Value, out var heldBack))
        {
            LogOccurredFallback(message.Topic, message.Partition.Value, message.Offset.Value, reason, source, heldBack);
        }
    }

    private async ValueTask<ProcessOutcome> RejectUndecodableAsync(
        ConsumeResult<byte[], byte[]> message, DecodeError error, Activity? span, CancellationToken cancellationToken)
    {
        metrics.RecordBatchResult(BatchResult.DecodeError);
        metrics.RecordDecodeError(error.Reason);
        LogUndecodable(message.Topic, message.Partition.Value, message.Offset.Value, error.Code, error.Message);
        return await DeadLetterAsync(message, error.Code, error.Message, span, cancellationToken);
    }

    private async ValueTask<ProcessOutcome> DeadLetterAsync(
        ConsumeResult<byte[], byte[]> message, string reason, string error, Activity? span, CancellationToken cancellationToken)
    {
        // The copy keeps every header of the original, traceparent included: a replay continues the same trace.
        if (await deadLetters.TryPublishAsync(message, reason, error, cancellationToken))
        {
            metrics.RecordBatchResult(BatchResult.Dlq);
            RecordSpans.NotRecorded(span, reason, deadLettered: true);
            return ProcessOutcome.Ack;
        }

        // Neither stored nor dead-lettered: acknowledging now would lose the record.
        RecordSpans.NotRecorded(span, reason, deadLettered: false);
        return ProcessOutcome.RetryLater;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded {Topic}[{Partition}]@{Offset}: {Inserted} inserted, {Ignored} already stored")]
    private partial void LogRecorded(string topic, int partition, long offset, int inserted, int ignored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {Topic}[{Partition}]@{Offset} has no usable occurred header ({Reason}); recorded with occurred taken from {Source}. Similar rounds on this partition since the last such warning: {HeldBack}")]
    private partial void LogOccurredFallback(string topic, int partition, long offset, OccurredFallbackReason reason, OccurredSource source, long heldBack);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Undecodable record {Topic}[{Partition}]@{Offset}: {Code}: {Detail}")]
    private partial void LogUndecodable(string topic, int partition, long offset, string code, string detail);
}
