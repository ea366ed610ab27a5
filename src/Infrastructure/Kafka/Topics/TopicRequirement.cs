namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>One topic and the minimum settings it needs.</summary>
public sealed record TopicRequirement(string Name, int Partitions, short ReplicationFactor, IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>The data topic and its dead-letter topic, both held to the same size and retention rules.</summary>
    public static IReadOnlyList<TopicRequirement> ForRecorder(string topic, string deadLetterTopic, TopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configs = new Dictionary<string, string>
        {
            ["cleanup.policy"] = "delete",
            ["retention.ms"] = options.RetentionMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max.message.bytes"] = options.MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return
        [
            new TopicRequirement(topic, options.Partitions, options.ReplicationFactor, configs),
            new TopicRequirement(deadLetterTopic, options.DeadLetterPartitions, options.ReplicationFactor, configs),
        ];
    }
}
