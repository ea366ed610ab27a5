namespace Recorder.Infrastructure.Messaging;

/// <summary>The fixed wire contract of a conversation round on Kafka.</summary>
public static class QaRoundContract
{
    public const string DefaultTopic = "qywx-recorder";

    public const string SchemaHeader = "schema";
    public const string UserIdHeader = "user_id";
    public const string OccurredHeader = "occurred";
    public const string QaPairsHeader = "qa_pairs";
    public const string ProducedAtHeader = "produced_at";
    public const string ProducerInstanceHeader = "producer_instance";

    public const string SchemaValue = "ipang.qa.v1";

    /// <summary>Largest serialized value accepted on either side: 6 MiB, matching the topic's max.message.bytes.</summary>
    public const int MaxValueBytes = 6_291_456;

    internal static ReadOnlySpan<byte> SchemaValueUtf8 => "ipang.qa.v1"u8;
}
