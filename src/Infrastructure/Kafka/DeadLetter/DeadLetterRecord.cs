using System.Text;
using Confluent.Kafka;
using Recorder.Infrastructure.Messaging;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// A record read back from the dead-letter topic, with its dlq_* headers picked out (names compare case-insensitively
/// and the last of a repeated header wins, as the decoder reads headers).
/// </summary>
public sealed class DeadLetterRecord
{
    private DeadLetterRecord(ConsumeResult<byte[], byte[]> consumed)
    {
        Consumed = consumed;
    }

    /// <summary>The record as read from the dead-letter topic.</summary>
    public ConsumeResult<byte[], byte[]> Consumed { get; }

    public int Partition => Consumed.Partition.Value;

    public long Offset => Consumed.Offset.Value;

    /// <summary>The record key: the user id the original was keyed by.</summary>
    public byte[]? Key => Consumed.Message.Key;

    /// <summary><c>dlq_reason</c>, or null when the record has none.</summary>
    public string? Reason { get; private init; }

    /// <summary><c>dlq_failed_at</c>, or null when absent or not an integer.</summary>
    public DateTimeOffset? FailedAt { get; private init; }

    /// <summary><c>dlq_source_topic</c>, or null.</summary>
    public string? SourceTopic { get; private init; }

    /// <summary>
    /// <c>dlq_source_topic</c>/<c>dlq_source_partition</c>/<c>dlq_source_offset</c>: which source record this is a copy
    /// of, or null when incomplete. Two copies of one record (dead-lettered again after a redelivery) share it.
    /// </summary>
    public string? SourceLocation { get; private init; }

    /// <summary><c>dlq_source_timestamp</c> (unix milliseconds), or null for copies made before the header existed.</summary>
    public long? SourceTimestampMs { get; private init; }

    /// <summary>True for a stub (<c>dlq_value_omitted=1</c>): the value is not here and cannot be replayed from here.</summary>
    public bool ValueOmitted { get; private init; }

    /// <summary>The original's <c>occurred</c> header (last one wins), or null.</summary>
    public byte[]? Occurred { get; private init; }

    public static DeadLetterRecord From(ConsumeResult<byte[], byte[]> consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        byte[]? reason = null, failedAt = null, sourceTopic = null, sourcePartition = null, sourceOffset = null;
        byte[]? sourceTimestamp = null, valueOmitted = null, occurred = null;
        foreach (var header in consumed.Message.Headers ?? [])
        {
            var value = header.GetValueBytes();
            switch (header.Key)
            {
                case var k when Is(k, DeadLetterHeaders.Reason): reason = value; break;
                case var k when Is(k, DeadLetterHeaders.FailedAt): failedAt = value; break;
                case var k when Is(k, DeadLetterHeaders.SourceTopic): sourceTopic = value; break;
                case var k when Is(k, DeadLetterHeaders.SourcePartition): sourcePartition = value; break;
                case var k when Is(k, DeadLetterHeaders.SourceOffset): sourceOffset = value; break;
                case var k when Is(k, DeadLetterHeaders.SourceTimestamp): sourceTimestamp = value; break;
                case var k when Is(k, DeadLetterHeaders.ValueOmitted): valueOmitted = value; break;
                case var k when Is(k, QaRoundContract.OccurredHeader): occurred = value; break;
                default: break;
            }
        }

        var topic = sourceTopic is null ? null : Encoding.UTF8.GetString(sourceTopic);
        return new DeadLetterRecord(consumed)
        {
            Reason = reason is null ? null : Encoding.UTF8.GetString(reason),
            FailedAt = Integer(failedAt) is { } seconds && seconds is >= 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            SourceTopic = topic,
            SourceLocation = topic is not null && Integer(sourcePartition) is { } partition && Integer(sourceOffset) is { } offset
                ? $"{topic}/{partition}/{offset}"
                : null,
            SourceTimestampMs = Integer(sourceTimestamp) is { } ms && ms >= 0 ? ms : null,
            ValueOmitted = valueOmitted is not null && valueOmitted.AsSpan().SequenceEqual("1"u8),
            Occurred = occurred,
        };
    }

    // 9999-12-31T23:59:59Z, the last second DateTimeOffset can hold.
    private const long MaxUnixSeconds = 253_402_300_799;

    private static bool Is(string? name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static long? Integer(byte[]? text) => text is not null && UnixSecondsText.TryParseInteger(text, out var value) ? value : null;
}
