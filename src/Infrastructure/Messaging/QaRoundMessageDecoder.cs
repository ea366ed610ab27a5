using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;
using Confluent.Kafka;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// Reads one Kafka record as a conversation round (docs/design.md §2). Thread-safe and stateless apart from the
/// clock; one instance serves all partitions.
/// </summary>
public sealed class QaRoundMessageDecoder
{
    // Pre-sizing from the producer's declared count is a hint only; a hostile header must not force a huge list.
    private const int MaxCapacityHint = 1024;

    private readonly TimeProvider _timeProvider;
    private readonly int _maxValueBytes;

    public QaRoundMessageDecoder(TimeProvider timeProvider, int maxValueBytes = RoundLimits.MaxValueBytes)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValueBytes);
        _timeProvider = timeProvider;
        _maxValueBytes = maxValueBytes;
    }

    public int MaxValueBytes => _maxValueBytes;

    /// <summary>Decodes a consumed record; the record's timestamp is the first fallback for <c>occurred</c>.</summary>
    public QaRoundDecodeResult Decode(Message<byte[], byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        DateTime? timestamp = message.Timestamp.Type == TimestampType.NotAvailable
            ? null
            : message.Timestamp.UtcDateTime;
        return Decode(message.Value, message.Headers, timestamp);
    }

    /// <summary>Decodes a value with Confluent headers, without copying them.</summary>
    public QaRoundDecodeResult Decode(ReadOnlySpan<byte> value, Headers? headers, DateTime? timestamp)
    {
        var found = default(QaRoundHeaders);
        if (headers is not null)
        {
            var list = headers.BackingList;
            for (var i = 0; i < list.Count; i++)
            {
                var header = list[i];
                found.Offer(header.Key, header.GetValueBytes());
            }
        }

        return Decode(value, in found, timestamp);
    }

    /// <summary>Decodes a value with transport-neutral headers.</summary>
    /// <param name="value">The record value.</param>
    /// <param name="headers">The record headers, in order.</param>
    /// <param name="timestamp">The record's broker or producer timestamp, when the record has one.</param>
    public QaRoundDecodeResult Decode(ReadOnlySpan<byte> value, IReadOnlyList<MessageHeader>? headers, DateTime? timestamp)
    {
        var found = default(QaRoundHeaders);
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                found.Offer(headers[i].Name, headers[i].Value);
            }
        }

        return Decode(value, in found, timestamp);
    }

    private QaRoundDecodeResult Decode(ReadOnlySpan<byte> value, in QaRoundHeaders headers, DateTime? timestamp)
    {
        // An empty schema header makes no claim, so it is treated like an absent one.
        if (headers.Schema is { Length: > 0 } schema && !schema.AsSpan().SequenceEqual(QaRoundContract.SchemaValueUtf8))
        {
            return QaRoundDecodeResult.Failure(
                DecodeErrorReason.WrongSchema,
                $"Header \"{QaRoundContract.SchemaHeader}\" is not \"{QaRoundContract.SchemaValue}\".");
        }

        var userIdBytes = headers.UserId;
        if (userIdBytes is null || userIdBytes.Length == 0)
        {
            return QaRoundDecodeResult.Failure(
                DecodeErrorReason.MissingUserId, $"Header \"{QaRoundContract.UserIdHeader}\" is missing or empty.");
        }

        if (!Utf8.IsValid(userIdBytes))
        {
            return QaRoundDecodeResult.Failure(
                DecodeErrorReason.InvalidUserId, $"Header \"{QaRoundContract.UserIdHeader}\" is not valid UTF-8.");
        }

        var userId = Encoding.UTF8.GetString(userIdBytes);
        if (string.IsNullOrWhiteSpace(userId))
        {
            return QaRoundDecodeResult.Failure(
                DecodeErrorReason.MissingUserId, $"Header \"{QaRoundContract.UserIdHeader}\" is blank.");
        }

        if (RoundLimits.CheckValueBytes(value.Length, _maxValueBytes) is { } tooLarge)
        {
            return QaRoundDecodeResult.Failure(DecodeErrorReason.TooLarge, tooLarge.Description);
        }

        // Checked on the raw bytes so that malformed text is rejected rather than silently replaced with U+FFFD.
        if (!Utf8.IsValid(value))
        {
            return QaRoundDecodeResult.Failure(
                DecodeErrorReason.InvalidUtf8,
                $"The value is not valid UTF-8 (first bad byte near offset {FirstInvalidUtf8Offset(value)}).");
        }

        var declaredPairCount = ParseCount(headers.QaPairs);
        var capacityHint = Math.Clamp(declaredPairCount ?? 4, 0, MaxCapacityHint);
        var error = QaPairsJsonReader.TryRead(value, capacityHint, out var pairs);
        if (error is not null)
        {
            return QaRoundDecodeResult.Failure(error);
        }

        var (occurred, occurredSource, fallback) = OccurredResolution.Resolve(headers.Occurred, timestamp, _timeProvider.GetUtcNow().UtcDateTime);
        return QaRoundDecodeResult.Success(
            new DecodedQaRound(userId, occurred, occurredSource, fallback, pairs, declaredPairCount));
    }

    private static int? ParseCount(byte[]? header)
    {
        if (header is null)
        {
            return null;
        }

        var text = header.AsSpan().Trim(" \t\r\n"u8);
        return Utf8Parser.TryParse(text, out int count, out var consumed) && consumed == text.Length && count >= 0
            ? count
            : null;
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> value)
    {
        // Error path only: where decoding stops, to help whoever inspects the dead letter.
        Span<char> scratch = stackalloc char[256];
        var offset = 0;
        while (offset < value.Length)
        {
            var status = Utf8.ToUtf16(value[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                break;
            }
        }

        return offset;
    }
}
