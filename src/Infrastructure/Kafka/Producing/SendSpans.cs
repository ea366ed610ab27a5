using System.Diagnostics;
using Confluent.Kafka;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability.Tracing;
using Attr = Recorder.Infrastructure.Observability.Tracing.SpanAttributes;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>
/// The producer's <c>send</c> span (OpenTelemetry messaging conventions), from the hand-over to librdkafka until the
/// delivery report: it starts on the caller's thread as a child of the caller's span and ends on librdkafka's
/// callback thread with the partition and offset the broker assigned.
/// </summary>
internal static class SendSpans
{
    /// <summary>
    /// Starts the span, or returns null when nobody listens. The caller's current span stays current: the send span
    /// outlives this call, and what the caller does next (the AI call) is not part of it.
    /// </summary>
    public static Activity? Start(string spanName, string topic, string clientId)
    {
        var caller = Activity.Current;
        var span = RecorderActivitySources.Producer.StartActivity(spanName, ActivityKind.Producer);
        if (span is null)
        {
            return null;
        }

        Activity.Current = caller;
        if (span.IsAllDataRequested)
        {
            span.SetTag(Attr.MessagingSystem, Attr.Kafka);
            span.SetTag(Attr.MessagingDestination, topic);
            span.SetTag(Attr.MessagingOperationType, "send");
            span.SetTag(Attr.MessagingOperationName, "send");
            span.SetTag(Attr.MessagingClientId, clientId);
        }

        return span;
    }

    /// <summary>
    /// Puts the trace context on the record: the send span's, or, when this source is not listened to, the caller's
    /// own, so that the recorder still continues the caller's trace.
    /// </summary>
    public static void Propagate(Activity? span, Message<byte[], byte[]> message)
    {
        if ((span ?? Activity.Current) is { } context)
        {
            TraceContextHeaders.Inject(context, message.Headers);
        }
    }

    public static void Describe(Activity span, int valueBytes, int pairs)
    {
        if (span.IsAllDataRequested)
        {
            span.SetTag(Attr.MessagingBodySize, valueBytes);
            span.SetTag(Attr.QaPairs, pairs);
        }
    }

    /// <summary>Ends the span of a round that was not handed to librdkafka.</summary>
    public static void NotSent(Activity? span, string errorType)
    {
        if (span is null)
        {
            return;
        }

        var current = Activity.Current;
        span.SetTag(Attr.ErrorType, errorType);
        span.SetStatus(ActivityStatusCode.Error);
        span.Stop();
        Activity.Current = current;
    }

    /// <summary>Ends the span with the delivery report. Runs on librdkafka's callback thread.</summary>
    public static void Delivered(Activity span, DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            span.SetTag(Attr.ErrorType, report.Error.Code.ToString());
            span.SetStatus(ActivityStatusCode.Error);
        }
        else if (span.IsAllDataRequested)
        {
            span.SetTag(Attr.MessagingPartition, report.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            span.SetTag(Attr.MessagingKafkaOffset, report.Offset.Value);
        }

        span.Stop();
    }
}
