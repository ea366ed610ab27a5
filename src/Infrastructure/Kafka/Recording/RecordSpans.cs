using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Observability.Tracing;
using Attr = Recorder.Infrastructure.Observability.Tracing.SpanAttributes;

namespace Recorder.Infrastructure.Kafka.Recording;

/// <summary>
/// The recorder's spans of one record (docs/design.md §7.6): a consumer <c>process</c> span continuing the trace
/// named by the record's <c>traceparent</c> (a new trace without one, or with a malformed one, which is counted), and
/// its <c>decode</c> child. With nobody listening nothing is read, allocated or counted.
/// </summary>
internal sealed class RecordSpans(RecorderMetrics metrics, string? consumerGroup)
{
    public const string DecodeName = "decode";

    private readonly ConcurrentDictionary<string, string> _processNames = new(StringComparer.Ordinal);

    public Activity? StartProcess(ConsumeResult<byte[], byte[]> message)
    {
        var source = RecorderActivitySources.Consumer;
        if (!source.HasListeners())
        {
            return null;
        }

        var read = TraceContextHeaders.Read(message.Message.Headers, out var parent);
        if (read == TraceContextRead.Invalid)
        {
            metrics.RecordInvalidTraceContext();
        }

        if (read != TraceContextRead.Valid)
        {
            // A record without a trace of its own starts one, whatever span happens to be current on this worker.
            Activity.Current = null;
        }

        var span = source.StartActivity(ProcessName(message.Topic), ActivityKind.Consumer, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(Attr.MessagingSystem, Attr.Kafka);
            span.SetTag(Attr.MessagingDestination, message.Topic);
            span.SetTag(Attr.MessagingOperationType, "process");
            span.SetTag(Attr.MessagingOperationName, "process");
            span.SetTag(Attr.MessagingPartition, message.Partition.Value.ToString(CultureInfo.InvariantCulture));
            span.SetTag(Attr.MessagingKafkaOffset, message.Offset.Value);
            span.SetTag(Attr.MessagingBodySize, message.Message.Value?.Length ?? 0);
            if (consumerGroup is not null)
            {
                span.SetTag(Attr.MessagingConsumerGroup, consumerGroup);
            }
        }

        return span;
    }

    /// <summary>A child of the current <c>process</c> span; null when that one is not recorded.</summary>
    public static Activity? StartDecode(Activity? process) =>
        process is { IsAllDataRequested: true } ? RecorderActivitySources.Consumer.StartActivity(DecodeName) : null;

    public static void Decoded(Activity? decode, in QaRoundDecodeResult decoded)
    {
        if (decode is null)
        {
            return;
        }

        if (decoded.IsSuccess)
        {
            decode.SetTag(Attr.QaPairs, decoded.Round.Pairs.Count);
        }
        else
        {
            decode.SetTag(Attr.ErrorType, decoded.Error.Code);
            decode.SetStatus(ActivityStatusCode.Error);
        }
    }

    public static void Recorded(Activity? process, RecordQaBatchResult result)
    {
        if (process is { IsAllDataRequested: true })
        {
            process.SetTag(Attr.Outcome, "recorded");
            process.SetTag(Attr.RowsInserted, result.RowsInserted);
            process.SetTag(Attr.RowsIgnored, result.RowsIgnored);
        }
    }

    /// <summary>The record could not be stored: its copy went to the dead-letter topic, or it waits to be retried.</summary>
    public static void NotRecorded(Activity? process, string reason, bool deadLettered)
    {
        if (process is null)
        {
            return;
        }

        process.SetTag(Attr.Outcome, deadLettered ? "dead_lettered" : "retry_later");
        process.SetTag(Attr.DeadLetterReason, reason);
        process.SetTag(Attr.ErrorType, reason);
        process.SetStatus(ActivityStatusCode.Error);
    }

    /// <summary>Processing threw (the consumer retries the record later).</summary>
    public static void Failed(Activity? process, Exception exception)
    {
        if (process is null)
        {
            return;
        }

        process.SetTag(Attr.Outcome, "retry_later");
        process.SetTag(Attr.ErrorType, exception.GetType().Name);
        process.SetStatus(ActivityStatusCode.Error);
    }

    private string ProcessName(string topic) => _processNames.GetOrAdd(topic, static t => "process " + t);
}
