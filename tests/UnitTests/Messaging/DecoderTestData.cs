using System.Text;
using Recorder.Infrastructure.Messaging;

namespace Recorder.UnitTests.Messaging;

internal static class DecoderTestData
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static MessageHeader Header(string name, string value) => new(name, Utf8(value));

    public static List<MessageHeader> Headers(string userId = "user-1", string? occurred = "1717243200", string? schema = QaRoundContract.SchemaValue)
    {
        var headers = new List<MessageHeader>();
        if (schema is not null)
        {
            headers.Add(Header("schema", schema));
        }

        headers.Add(Header("user_id", userId));
        if (occurred is not null)
        {
            headers.Add(Header("occurred", occurred));
        }

        return headers;
    }
}
