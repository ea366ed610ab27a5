namespace Recorder.Infrastructure.Kafka;

/// <summary>The cluster, shared by consumer and producers. Bound from the "Kafka" section (Kafka__BootstrapServers).</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Further librdkafka settings for every client (security.protocol, sasl.*, ssl.*).</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}
