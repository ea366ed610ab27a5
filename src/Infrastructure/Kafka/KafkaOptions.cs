using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka;

/// <summary>The cluster, shared by consumer and producers. Bound from the "Kafka" section (Kafka__BootstrapServers).</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Further librdkafka settings for every client (security.protocol, sasl.*, ssl.*).</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What a client's own options inherit from the cluster: the shared settings it does not set itself, and the
    /// bootstrap servers unless it names its own (returned, to assign).
    /// </summary>
    public string Inherit(string? bootstrapServers, IDictionary<string, string> additionalSettings)
    {
        ArgumentNullException.ThrowIfNull(additionalSettings);
        foreach (var (key, value) in Settings)
        {
            additionalSettings.TryAdd(key, value);
        }

        return string.IsNullOrWhiteSpace(bootstrapServers) ? BootstrapServers : bootstrapServers;
    }

    /// <summary>
    /// An admin client for short checks (topics, readiness). Its librdkafka log is silenced: a broker it cannot
    /// reach is reported by the caller's result, not by a stream of connection errors.
    /// </summary>
    /// <remarks>
    /// The configuration gets a copy of <see cref="Settings"/>: Confluent's config classes write into the dictionary
    /// they are given, and <c>bootstrap.servers</c> left in the shared settings broke every later options build (a
    /// configuration reload failed validation).
    /// </remarks>
    public IAdminClient CreateAdminClient(string bootstrapServers) =>
        new AdminClientBuilder(new AdminClientConfig(new Dictionary<string, string>(Settings, StringComparer.Ordinal)) { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
}
