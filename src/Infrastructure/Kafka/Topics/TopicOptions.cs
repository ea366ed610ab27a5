using System.Globalization;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>What the recorder's topics must look like (docs/design.md §4). Bound from the "Topics" section.</summary>
public sealed class TopicOptions
{
    public const string SectionName = "Topics";

    public int Partitions { get; set; } = 24;

    /// <summary>3 in production; a single-broker development cluster can only hold 1.</summary>
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>
    /// <c>min.insync.replicas</c> of both topics: with <c>acks=all</c> a write is acknowledged only once this many
    /// replicas have it, so 2 (of 3) survives the loss of a broker without losing acknowledged rounds. A single
    /// broker can only have 1.
    /// </summary>
    public short MinInsyncReplicas { get; set; } = 2;

    public int DeadLetterPartitions { get; set; } = 4;

    /// <summary><c>retention.ms</c> of the data topic: 7 days.</summary>
    public long RetentionMs { get; set; } = 604_800_000;

    /// <summary>
    /// <c>retention.ms</c> of the dead-letter topic: 30 days, so that a record dead-lettered before a long weekend or
    /// an incident is still there to replay once the cause is fixed.
    /// </summary>
    public long DeadLetterRetentionMs { get; set; } = 2_592_000_000;

    /// <summary>Topic <c>max.message.bytes</c>: a round of the largest value (<see cref="RoundLimits.MaxValueBytes"/>) must fit.
    /// The dead-letter topic takes <see cref="TopicRequirement.DeadLetterHeadroomBytes"/> more.</summary>
    public int MaxMessageBytes { get; set; } = RoundLimits.MaxValueBytes;

    /// <summary>How long an admin request may take before the cluster is reported as lacking admin support.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Partitions < 1)
        {
            problems.Add($"Topics:Partitions must be positive (is {Partitions}).");
        }

        if (DeadLetterPartitions < 1)
        {
            problems.Add($"Topics:DeadLetterPartitions must be positive (is {DeadLetterPartitions}).");
        }

        if (ReplicationFactor < 1)
        {
            problems.Add($"Topics:ReplicationFactor must be positive (is {ReplicationFactor}).");
        }

        // More in-sync replicas required than replicas exist would make every acks=all write fail.
        if (MinInsyncReplicas < 1 || MinInsyncReplicas > ReplicationFactor)
        {
            problems.Add($"Topics:MinInsyncReplicas must be between 1 and Topics:ReplicationFactor ({ReplicationFactor}) " +
                $"(is {MinInsyncReplicas}; a single broker needs both at 1).");
        }

        AddIfBadRetention(problems, "Topics:RetentionMs", RetentionMs);
        AddIfBadRetention(problems, "Topics:DeadLetterRetentionMs", DeadLetterRetentionMs);
        if (MaxMessageBytes < RoundLimits.MaxValueBytes || MaxMessageBytes > int.MaxValue - TopicRequirement.DeadLetterHeadroomBytes)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Topics:MaxMessageBytes must be at least {RoundLimits.MaxValueBytes}, the largest round value (is {MaxMessageBytes})."));
        }

        if (AdminTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Topics:AdminTimeout must be positive (is {AdminTimeout}).");
        }

        return problems;
    }

    // -1 is Kafka's "keep for ever".
    private static void AddIfBadRetention(List<string> problems, string key, long value)
    {
        if (value < 1 && value != -1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be positive, or -1 for unlimited (is {value})."));
        }
    }
}
