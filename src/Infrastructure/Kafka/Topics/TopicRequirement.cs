using System.Globalization;

namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>One topic and the minimum settings it needs.</summary>
public sealed record TopicRequirement(string Name, int Partitions, short ReplicationFactor, IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>Room for the dlq_* headers on top of the largest original record.</summary>
    public const int DeadLetterHeadroomBytes = 65_536;

    /// <summary>
    /// The largest dead-letter record for a source topic taking <paramref name="sourceMaxMessageBytes"/>: the original
    /// plus its dlq_* headers. The dead-letter topic and the dead-letter producer both size from here.
    /// </summary>
    public static int DeadLetterMaxMessageBytes(int sourceMaxMessageBytes) => sourceMaxMessageBytes + DeadLetterHeadroomBytes;

    /// <summary>The data topic and its dead-letter topic (docs/design.md §4).</summary>
    public static IReadOnlyList<TopicRequirement> ForRecorder(string topic, string deadLetterTopic, TopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new TopicRequirement(topic, options.Partitions, options.ReplicationFactor,
                ConfigsFor(options, options.RetentionMs, options.MaxMessageBytes)),
            // A dead-letter copy is the original plus a few headers, so its topic takes slightly larger records, and
            // it is kept longer: it waits for someone to fix the cause and replay it.
            new TopicRequirement(deadLetterTopic, options.DeadLetterPartitions, options.ReplicationFactor,
                ConfigsFor(options, options.DeadLetterRetentionMs, DeadLetterMaxMessageBytes(options.MaxMessageBytes))),
        ];
    }

    private static Dictionary<string, string> ConfigsFor(TopicOptions options, long retentionMs, int maxMessageBytes)
    {
        return new Dictionary<string, string>
        {
            ["cleanup.policy"] = "delete",
            ["min.insync.replicas"] = options.MinInsyncReplicas.ToString(CultureInfo.InvariantCulture),
            ["retention.ms"] = retentionMs.ToString(CultureInfo.InvariantCulture),
            ["max.message.bytes"] = maxMessageBytes.ToString(CultureInfo.InvariantCulture),
        };
    }
}
