using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// Producer side of the contract: turns a round into key, headers and JSON value, and checks it against the round
/// limits (<see cref="RoundLimits"/>, the ones the recorder applies) before anything is sent. Thread-safe.
/// </summary>
public sealed class QaRoundMessageEncoder
{
    // Buffers that grew past this are not kept per thread: a rare 6 MiB round must not pin 6 MiB on every thread.
    private const int RetainedBufferBytes = 1 << 20;

    // Chat text is mostly CJK: the default encoder would escape every such character as \uXXXX (6 bytes instead of 3).
    // Relaxed escaping is safe here because the value is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly byte[] SchemaValueBytes = Encoding.UTF8.GetBytes(QaRoundContract.SchemaValue);

    [ThreadStatic]
    private static SerializationBuffer? t_buffer;

    private readonly TimeProvider _timeProvider;
    private readonly byte[]? _producerInstance;
    private readonly int _maxValueBytes;

    /// <param name="timeProvider">Source of the <c>produced_at</c> header.</param>
    /// <param name="producerInstance">Host or pod name for the <c>producer_instance</c> header; omitted when blank.</param>
    /// <param name="maxValueBytes">Largest value that may be sent.</param>
    public QaRoundMessageEncoder(
        TimeProvider timeProvider, string? producerInstance, int maxValueBytes = RoundLimits.MaxValueBytes)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValueBytes);
        _timeProvider = timeProvider;
        _producerInstance = string.IsNullOrWhiteSpace(producerInstance) ? null : Encoding.UTF8.GetBytes(producerInstance);
        _maxValueBytes = maxValueBytes;
    }

    public int MaxValueBytes => _maxValueBytes;

    /// <summary>
    /// Serializes a round, or reports the round limit it breaks (user id length, number of pairs, size of a text,
    /// size of the value): a round the recorder would refuse is never sent, and never truncated. Null
    /// <c>q</c>/<c>a</c> are sent as empty strings.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The user id is blank, a pair is null, <paramref name="occurred"/> is not after 1970, or the user id or a text
    /// holds an unpaired surrogate (it could not be stored faithfully).
    /// </exception>
    public EncodedQaRound Encode(string userId, IReadOnlyList<QaPair> pairs, DateTime occurred)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!TextMeasure.IsWellFormed(userId))
        {
            // UTF-8 encoding would replace it with U+FFFD: the round would be stored under another user.
            throw new ArgumentException("User id holds an unpaired surrogate.", nameof(userId));
        }

        ArgumentNullException.ThrowIfNull(pairs);
        var occurredUtc = OccurredTime.Normalize(occurred);
        if (occurredUtc <= DateTime.UnixEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(occurred), "Occurred must be after the unix epoch.");
        }

        var normalizedPairs = NormalizePairs(pairs);
        var key = Encoding.UTF8.GetBytes(userId);
        // Checked before serializing: a round of too many pairs or a huge text is refused without building its value.
        if (RoundLimits.CheckRound(userId, pairs) is { } violation)
        {
            return EncodedQaRound.Refused(key, null, pairs.Count, violation);
        }

        var (valueBytes, value) = Serialize(normalizedPairs);
        if (value is null)
        {
            return EncodedQaRound.Refused(key, valueBytes, pairs.Count, RoundLimits.CheckValueBytes(valueBytes, _maxValueBytes)!);
        }

        var producedAt = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var headers = new List<MessageHeader>(_producerInstance is null ? 5 : 6)
        {
            new(QaRoundContract.SchemaHeader, SchemaValueBytes),
            new(QaRoundContract.UserIdHeader, key),
            new(QaRoundContract.OccurredHeader, Ascii(UnixSecondsText.Format(occurredUtc))),
            new(QaRoundContract.QaPairsHeader, Ascii(pairs.Count.ToString(CultureInfo.InvariantCulture))),
            new(QaRoundContract.ProducedAtHeader, Ascii(producedAt.ToString(CultureInfo.InvariantCulture))),
        };
        if (_producerInstance is not null)
        {
            headers.Add(new MessageHeader(QaRoundContract.ProducerInstanceHeader, _producerInstance));
        }

        return EncodedQaRound.Sendable(key, value, headers, pairs.Count);
    }

    /// <summary>The value's size, and the value itself when that size is within the limit.</summary>
    private (int Size, byte[]? Value) Serialize(IReadOnlyList<QaPair> pairs)
    {
        var buffer = t_buffer ?? new SerializationBuffer();
        t_buffer = null;
        try
        {
            buffer.Writer.Reset(buffer.Output);
            JsonSerializer.Serialize(buffer.Writer, pairs, QaRoundJsonContext.Default.IReadOnlyListQaPair);

            buffer.Writer.Flush();
            var size = buffer.Output.WrittenCount;
            var fits = RoundLimits.CheckValueBytes(size, _maxValueBytes) is null;
            return (size, fits ? buffer.Output.WrittenSpan.ToArray() : null);
        }
        finally
        {
            buffer.Output.ResetWrittenCount();
            if (buffer.Output.Capacity <= RetainedBufferBytes)
            {
                t_buffer = buffer;
            }
        }
    }

    private static IReadOnlyList<QaPair> NormalizePairs(IReadOnlyList<QaPair> pairs)
    {
        var needsCopy = false;
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i] ?? throw new ArgumentException($"Pair {i} is null.", nameof(pairs));
            // The JSON writer would escape an unpaired surrogate as \uD800, which no recorder can store.
            if (!TextMeasure.IsWellFormed(pair.Q) || !TextMeasure.IsWellFormed(pair.A))
            {
                throw new ArgumentException($"Pair {i} holds an unpaired surrogate.", nameof(pairs));
            }

            needsCopy |= pair.Q is null || pair.A is null;
        }

        if (!needsCopy)
        {
            return pairs;
        }

        var normalized = new QaPair[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            normalized[i] = pair.Q is null || pair.A is null ? new QaPair(pair.Q ?? string.Empty, pair.A ?? string.Empty) : pair;
        }

        return normalized;
    }

    private static byte[] Ascii(string digits) => Encoding.ASCII.GetBytes(digits);

    private sealed class SerializationBuffer
    {
        public ArrayBufferWriter<byte> Output { get; } = new(16 * 1024);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null, WriterOptions);
    }
}
