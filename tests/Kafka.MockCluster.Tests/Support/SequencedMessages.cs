using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>
/// Messages whose key, value and headers are all derived from a sequence number, so a record read back can be
/// checked against what was produced for that number.
/// </summary>
internal static class SequencedMessages
{
    public const string SequenceHeader = "seq";

    public static string KeyOf(int sequence, int distinctKeys) =>
        "user-" + (sequence % distinctKeys).ToString(CultureInfo.InvariantCulture);

    public static Message<string, byte[]> Create(int sequence, int distinctKeys)
    {
        var key = KeyOf(sequence, distinctKeys);
        var headers = new Headers
        {
            { SequenceHeader, EncodeSequence(sequence) },
            { "schema", "ipang.qa.v1"u8.ToArray() },
            { "user_id", Encoding.UTF8.GetBytes(key) },
            { "occurred", Encoding.UTF8.GetBytes((1_700_000_000 + sequence).ToString(CultureInfo.InvariantCulture)) },
            // Binary and empty values must survive as they are.
            { "binary", [0x00, 0xFF, (byte)sequence, 0x0A] },
            { "empty", [] },
        };
        return new Message<string, byte[]> { Key = key, Value = ValueOf(sequence), Headers = headers };
    }

    public static byte[] ValueOf(int sequence) =>
        Encoding.UTF8.GetBytes($"[{{\"q\":\"问题 {sequence}\",\"a\":\"answer \\\"{sequence}\\\" 🙂\"}}]");

    public static byte[] EncodeSequence(int sequence)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, sequence);
        return bytes;
    }

    public static int SequenceOf<TKey>(ConsumeResult<TKey, byte[]> record) =>
        BinaryPrimitives.ReadInt32BigEndian(record.Message.Headers.GetLastBytes(SequenceHeader));

    /// <summary>Asserts that the record carries exactly what <see cref="Create"/> made for its sequence number.</summary>
    public static void AssertIntact(ConsumeResult<string?, byte[]> record, int distinctKeys)
    {
        var sequence = SequenceOf(record);
        var expected = Create(sequence, distinctKeys);
        Assert.Equal(expected.Key, record.Message.Key);
        Assert.Equal(expected.Value, record.Message.Value);
        Assert.Equal(
            expected.Headers.Select(h => (h.Key, Convert.ToHexString(h.GetValueBytes()))),
            record.Message.Headers.Select(h => (h.Key, Convert.ToHexString(h.GetValueBytes()))));
    }
}
