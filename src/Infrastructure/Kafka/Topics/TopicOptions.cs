using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>What the recorder's topics must look like (docs/design.md §4). Bound from the "Topics" section.</summary>
public sealed class TopicOptions
{
    public const string SectionName = "Topics";

    public int Partitions { get; set; } = 24;

    /// <summary>3 in production; a single-broker development cluster can only hold 1.</summary>
    public short ReplicationFactor { get; set; } = 3;

    public int DeadLetterPartitions { get; set; } = 4;

    public long RetentionMs { get; set; } = 604_800_000;

    /// <summary>Topic <c>max.message.bytes</c>: a round of the largest value (<see cref="RoundLimits.MaxValueBytes"/>) must fit.</summary>
    public int MaxMessageBytes { get; set; } = RoundLimits.MaxValueBytes;

    /// <summary>How long an admin request may take before the cluster is reported as lacking admin support.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
