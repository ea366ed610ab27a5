using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// W3C trace context on a Kafka record (docs/design.md §2.1): the producer writes <c>traceparent</c> and
/// <c>tracestate</c> through the runtime's <see cref="DistributedContextPropagator"/>, the recorder reads them back
/// the same way. The headers are optional; a record without them, or with a malformed one, is recorded all the same.
/// </summary>
public static class TraceContextHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    // W3C caps tracestate at 512 characters; a traceparent is 55. Anything longer is not worth decoding.
    private const int MaxValueBytes = 512;

    /// <summary>Writes the trace context of <paramref name="activity"/> into <paramref name="headers"/>.</summary>
    public static void Inject(Activity activity, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(headers);
        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            // Only the trace context: baggage is the caller's business, and every header is kept for the topics'
            // retention (dead letters for 30 days).
            if (carrier is Headers target && value is not null && (IsName(name, TraceParent) || IsName(name, TraceState)))
            {
                target.Remove(name);
                target.Add(name, Encoding.ASCII.GetBytes(value));
            }
        });
    }

    /// <summary>The remote parent a record names; <see cref="TraceContextRead.None"/> when it names none.</summary>
    public static TraceContextRead Read(Headers? headers, out ActivityContext parent)
    {
        parent = default;
        if (headers is null || Last(headers, TraceParent) is not { } traceParentBytes)
        {
            return TraceContextRead.None;
        }

        if (traceParentBytes.Length is 0 or > MaxValueBytes)
        {
            return TraceContextRead.Invalid;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, GetHeader, out var traceParent, out var traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent)
            ? TraceContextRead.Valid
            : TraceContextRead.Invalid;
    }

    private static void GetHeader(object? carrier, string fieldName, out string? fieldValue, out IEnumerable<string>? fieldValues)
    {
        fieldValues = null;
        fieldValue = carrier is Headers headers && Last(headers, fieldName) is { Length: <= MaxValueBytes } value
            ? Encoding.ASCII.GetString(value)
            : null;
    }

    /// <summary>The last header of that name (as for every contract header: names match case-insensitively, the last wins).</summary>
    private static byte[]? Last(Headers headers, string name)
    {
        var list = headers.BackingList;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (IsName(list[i].Key, name))
            {
                return list[i].GetValueBytes();
            }
        }

        return null;
    }

    private static bool IsName(string? name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a record's <c>traceparent</c> header said.</summary>
public enum TraceContextRead
{
    /// <summary>No <c>traceparent</c> header: the record starts a trace of its own.</summary>
    None,

    /// <summary>A valid W3C trace context: the record's spans continue that trace.</summary>
    Valid,

    /// <summary>A <c>traceparent</c> that is not a W3C trace context: ignored (a new trace) and counted.</summary>
    Invalid,
}
