using Confluent.Kafka;

namespace Recorder.Infrastructure.Messaging;

/// <summary>A round serialized for the wire, or the verdict that it is too large to send.</summary>
public sealed class EncodedQaRound
{
    internal EncodedQaRound(
        byte[] key, byte[]? value, int valueBytes, int maxValueBytes, IReadOnlyList<MessageHeader> headers, int pairCount)
    {
        Key = key;
        Value = value;
        ValueBytes = valueBytes;
        MaxValueBytes = maxValueBytes;
        Headers = headers;
        PairCount = pairCount;
    }

    /// <summary>The user id in UTF-8: rounds of one user share a partition and so keep their order.</summary>
    public byte[] Key { get; }

    /// <summary>The JSON value; null when <see cref="IsTooLarge"/>, since it must not be sent.</summary>
    public byte[]? Value { get; }

    /// <summary>Serialized size of the value in bytes, also when it is too large.</summary>
    public int ValueBytes { get; }

    public int MaxValueBytes { get; }

    public bool IsTooLarge => Value is null;

    public IReadOnlyList<MessageHeader> Headers { get; }

    public int PairCount { get; }

    /// <summary>The Confluent message to produce. Header and key arrays are shared, not copied.</summary>
    public Message<byte[], byte[]> ToKafkaMessage()
    {
        if (Value is null)
        {
            throw new InvalidOperationException(
                $"The round's value has {ValueBytes} bytes, over the limit of {MaxValueBytes}; it must not be sent.");
        }

        var headers = new Headers();
        foreach (var header in Headers)
        {
            headers.Add(header.Name, header.Value);
        }

        return new Message<byte[], byte[]> { Key = Key, Value = Value, Headers = headers };
    }
}
