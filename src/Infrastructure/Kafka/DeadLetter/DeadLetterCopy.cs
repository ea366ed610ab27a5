using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// The dead-letter copy of a record (docs/design.md §5.7): its key, value and headers as they were, followed by the
/// dlq_* headers that say why, where from and by whom.
/// </summary>
public static class DeadLetterCopy
{
    /// <summary>The copy's headers: the original ones in order, then the dlq_* ones.</summary>
    public static Headers BuildHeaders(ConsumeResult<byte[], byte[]> source, string reason, string detail, DateTimeOffset failedAt, string instance)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(instance);
        var headers = new Headers();
        foreach (var header in source.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(DeadLetterHeaders.Error, Truncate(detail));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Ascii(source.Partition.Value));
        headers.Add(DeadLetterHeaders.SourceOffset, Ascii(source.Offset.Value));
        headers.Add(DeadLetterHeaders.FailedAt, Ascii(failedAt.ToUnixTimeSeconds()));
        // A replay restores this timestamp, so the recorder resolves the round's time exactly as it did (or would
        // have) the first time; without it a round without a usable occurred header would take the replay's time.
        if (source.Message.Timestamp.Type != TimestampType.NotAvailable)
        {
            headers.Add(DeadLetterHeaders.SourceTimestamp, Ascii(source.Message.Timestamp.UnixTimestampMs));
        }

        headers.Add(DeadLetterHeaders.Instance, Encoding.UTF8.GetBytes(instance));
        return headers;
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static byte[] Truncate(string detail)
    {
        var bytes = Encoding.UTF8.GetBytes(detail);
        if (bytes.Length <= DeadLetterHeaders.MaxErrorBytes)
        {
            return bytes;
        }

        // Cut on a character boundary so the header stays valid UTF-8.
        var length = DeadLetterHeaders.MaxErrorBytes;
        while (length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }

        return bytes[..length];
    }
}
