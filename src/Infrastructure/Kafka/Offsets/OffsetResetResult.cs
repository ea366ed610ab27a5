namespace Recorder.Infrastructure.Kafka.Offsets;

public enum OffsetResetOutcome
{
    /// <summary>Planned and shown; nothing written.</summary>
    DryRun,

    /// <summary>The group's offsets were moved.</summary>
    Reset,

    /// <summary>Not moved: the group has live members.</summary>
    Refused,

    /// <summary>Not moved: the cluster did not answer as needed.</summary>
    Failed,
}

/// <summary>What <c>offsets reset</c> planned and did.</summary>
/// <param name="Partitions">The partitions before the reset.</param>
/// <param name="Targets">The new committed offset of each partition.</param>
/// <param name="Membership">Who was in the group when checked.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">How it was written, or why not.</param>
public sealed record OffsetResetResult(
    IReadOnlyList<PartitionOffsets> Partitions,
    IReadOnlyDictionary<int, long> Targets,
    GroupMembership Membership,
    OffsetResetOutcome Outcome,
    string Detail);
