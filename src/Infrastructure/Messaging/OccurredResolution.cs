using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// docs/design.md §2.4, the one place that decides a round's time: the producer's <c>occurred</c> header when it is
/// an integer count of seconds from 2000-01-01 to a day past the record's time; else the record's Kafka timestamp;
/// else now. The timestamp is trusted only when it is plausible itself (a producer can set any CreateTime), and then it
/// is also what the header is measured against. The decoder applies it to every record; a replay asks it what the
/// recorder will do with a record it sends back.
/// </summary>
internal static class OccurredResolution
{
    /// <summary>The round's time (UTC, whole milliseconds), where it came from, and why the header was not used.</summary>
    public static (DateTime Occurred, OccurredSource Source, OccurredFallbackReason? Fallback) Resolve(byte[]? header, DateTime? timestamp, DateTime utcNow)
    {
        var now = OccurredTime.Normalize(utcNow);
        DateTime? recordTime = timestamp is { } ts && OccurredTime.IsPlausible(ts, now) ? OccurredTime.Normalize(ts) : null;
        var fallback = ReadHeader(header, recordTime ?? now, out var fromHeader);
        if (fallback is null)
        {
            return (fromHeader, OccurredSource.Header, null);
        }

        return recordTime is { } record
            ? (record, OccurredSource.KafkaTimestamp, fallback)
            : (now, OccurredSource.Clock, fallback);
    }

    private static OccurredFallbackReason? ReadHeader(byte[]? header, DateTime recordTime, out DateTime occurred)
    {
        occurred = default;
        if (header is null || header.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return OccurredFallbackReason.Missing;
        }

        if (!UnixSecondsText.TryParseInteger(header, out var seconds))
        {
            return OccurredFallbackReason.Unparsable;
        }

        return UnixSecondsText.TryToUtc(seconds, out occurred) && OccurredTime.IsPlausible(occurred, recordTime)
            ? null
            : OccurredFallbackReason.OutOfRange;
    }
}
