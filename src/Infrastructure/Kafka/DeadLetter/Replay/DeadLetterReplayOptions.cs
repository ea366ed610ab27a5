namespace Recorder.Infrastructure.Kafka.DeadLetter.Replay;

/// <summary>Settings of <c>dlq inspect</c> and <c>dlq replay</c>. Bound from the "Replay" section (Replay__GroupPrefix, …).</summary>
public sealed class DeadLetterReplayOptions
{
    public const string SectionName = "Replay";

    /// <summary>librdkafka <c>bootstrap.servers</c>; defaults to Kafka:BootstrapServers.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>
    /// A replay's progress is the committed offsets of a consumer group of its own. Without <c>--group</c> the group is
    /// this prefix plus the filter (<c>-all</c>, or a digest of it), so the same selection resumes where it stopped and
    /// another selection makes its own pass over the topic.
    /// </summary>
    public string GroupPrefix { get; set; } = "qywx-recorder-replay";

    /// <summary><c>client.id</c> of the replay's reader and producer.</summary>
    public string ClientId { get; set; } = "qywx-recorder-replay";

    /// <summary><c>client.id</c> of <c>dlq inspect</c>'s reader.</summary>
    public string InspectClientId { get; set; } = "qywx-recorder-dlq-inspect";

    /// <summary>Records decided (sent and acknowledged, or passed over) between two commits of the replay's progress.</summary>
    public int CommitEvery { get; set; } = 500;

    /// <summary>How long reading may see no record before the topic counts as not delivering (the command fails).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one replayed record may take to be acknowledged (<c>message.timeout.ms</c>).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Metadata, watermark and committed-offset requests.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Further librdkafka settings; the Kafka section's settings are added to them.</summary>
    public IDictionary<string, string> AdditionalSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            problems.Add("Replay:BootstrapServers is empty (environment: Kafka__BootstrapServers or Replay__BootstrapServers).");
        }

        foreach (var (name, value) in new[] { ("GroupPrefix", GroupPrefix), ("ClientId", ClientId), ("InspectClientId", InspectClientId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"Replay:{name} is empty.");
            }
        }

        if (CommitEvery is < 1 or > 100_000)
        {
            problems.Add($"Replay:CommitEvery must be between 1 and 100000 (was {CommitEvery}).");
        }

        foreach (var (name, value) in new[] { ("ReadTimeout", ReadTimeout), ("RequestTimeout", RequestTimeout) })
        {
            if (value < TimeSpan.FromSeconds(1))
            {
                problems.Add($"Replay:{name} must be at least 1 s (was {value}).");
            }
        }

        // librdkafka reads message.timeout.ms=0 as "never time out".
        if (DeliveryTimeout < TimeSpan.FromSeconds(1) || DeliveryTimeout > TimeSpan.FromMinutes(15))
        {
            problems.Add($"Replay:DeliveryTimeout must be between 1 s and 15 min (was {DeliveryTimeout}).");
        }

        return problems;
    }
}
