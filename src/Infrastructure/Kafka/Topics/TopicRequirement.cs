namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>One topic and the minimum settings it needs.</summary>
public sealed record TopicRequirement(string Name, int Partitions, short ReplicationFactor, IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>The data topic and its dead-letter topic, both held to the same size and retention rules.</summary>
    public static IReadOnlyList<TopicRequirement> ForRecorder(string topic, string deadLetterTopic, TopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A dead-letter copy is the original plus a few headers, so its topic takes slightly larger records.
        return
        [
            new TopicRequirement(topic, options.Partitions, options.ReplicationFactor, ConfigsFor(options, options.MaxMessageBytes)),
            new TopicRequirement(deadLetterTopic, options.DeadLetterPartitions, options.ReplicationFactor,
                ConfigsFor(options, options.MaxMessageBytes + DeadLetterHeadroomBytes)),
        ];
    }

    /// <summary>Room for the dlq_* headers on top of the largest original record.</summary>
    public const int DeadLetterHeadroomBytes = 65_536;

    private static Dictionary<string, string> ConfigsFor(TopicOptions options, int maxMessageBytes)
    {
        return new Dictionary<string, string>
        {
            ["cleanup.policy"] = "delete",
            ["retention.ms"] = options.RetentionMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max.message.bytes"] = maxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
