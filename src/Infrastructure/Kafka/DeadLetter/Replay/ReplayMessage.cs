using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.DeadLetter.Replay;

/// <summary>
/// What a replay sends back to the source topic for one dead-lettered record: the original key and value, the
/// original headers in their order without any dlq_* header (nor the <c>replayed_from</c> of an earlier replay), then
/// <c>replayed_from</c> = <c>&lt;dead-letter partition&gt;/&lt;offset&gt;</c>.
/// </summary>
/// <remarks>
/// The record also gets the original's Kafka timestamp back (<c>dlq_source_timestamp</c>, as CreateTime). The recorder
/// then resolves the round's time exactly as it did, or would have, the first time (docs/design.md §2.4): a usable
/// <c>occurred</c> header is measured against the same record time, and a round without one takes that timestamp to
/// the millisecond — so when it was in fact stored before, the unique key absorbs it. Writing an <c>occurred</c>
/// header instead would not: the header holds whole seconds, while a round stored from its timestamp keeps the
/// milliseconds, and <c>…:15.250</c> and <c>…:15.000</c> are two rows. Copies made before
/// <c>dlq_source_timestamp</c> existed go with the time of the replay.
/// </remarks>
public static class ReplayMessage
{
    public static Message<byte[], byte[]> From(DeadLetterRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var original = record.Consumed.Message;
        var headers = new Headers();
        foreach (var header in original.Headers ?? [])
        {
            if (!DeadLetterHeaders.IsDeadLetterHeader(header.Key)
                && !string.Equals(header.Key, DeadLetterHeaders.ReplayedFrom, StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.ReplayedFrom, Encoding.ASCII.GetBytes(
            record.Partition.ToString(CultureInfo.InvariantCulture) + "/" + record.Offset.ToString(CultureInfo.InvariantCulture)));
        return new Message<byte[], byte[]>
        {
            Key = original.Key,
            Value = original.Value,
            Headers = headers,
            Timestamp = record.SourceTimestampMs is { } ms
                ? new Timestamp(ms, TimestampType.CreateTime)
                : Timestamp.Default,
        };
    }
}
