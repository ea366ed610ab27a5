using Confluent.Kafka;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>A round serialized for the wire, or the limit it breaks, in which case it must not be sent.</summary>
public sealed class EncodedQaRound
{
    private EncodedQaRound(
        byte[] key, byte[]? value, int? valueBytes, IReadOnlyList<MessageHeader> headers, int pairCount, RoundLimitViolation? violation)
    {
        Key = key;
        Value = value;
        ValueBytes = valueBytes;
        Headers = headers;
        PairCount = pairCount;
        Violation = violation;
    }

    /// <summary>The user id in UTF-8: rounds of one user share a partition and so keep their order.</summary>
    public byte[] Key { get; }

    /// <summary>The JSON value; null when <see cref="IsRefused"/>.</summary>
    public byte[]? Value { get; }

    /// <summary>Serialized size of the value in bytes, also when it is too large; null when never serialized.</summary>
    public int? ValueBytes { get; }

    public IReadOnlyList<MessageHeader> Headers { get; }

    public int PairCount { get; }

    /// <summary>The round limit the round breaks (see <see cref="RoundLimits"/>); null when it may be sent.</summary>
    public RoundLimitViolation? Violation { get; }

    public bool IsRefused => Violation is not null;

    internal static EncodedQaRound Sendable(byte[] key, byte[] value, IReadOnlyList<MessageHeader> headers, int pairCount) =>
        new(key, value, value.Length, headers, pairCount, null);

    internal static EncodedQaRound Refused(byte[] key, int? valueBytes, int pairCount, RoundLimitViolation violation) =>
        new(key, null, valueBytes, [], pairCount, violation);

    /// <summary>The Confluent message to produce. Header and key arrays are shared, not copied.</summary>
    public Message<byte[], byte[]> ToKafkaMessage()
    {
        if (Value is null)
        {
            throw new InvalidOperationException($"The round must not be sent: {Violation}");
        }

        var headers = new Headers();
        foreach (var header in Headers)
        {
            headers.Add(header.Name, header.Value);
        }

        return new Message<byte[], byte[]> { Key = Key, Value = Value, Headers = headers };
    }
}
