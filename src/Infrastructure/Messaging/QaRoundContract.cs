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

    internal static ReadOnlySpan<byte> SchemaValueUtf8 => "ipang.qa.v1"u8;
}
