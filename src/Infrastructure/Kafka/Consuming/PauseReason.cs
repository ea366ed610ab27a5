namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Why the consumer paused fetching of a partition (the first reason that applies).</summary>
public enum PauseReason
{
    /// <summary>A message of the partition is waiting to be retried.</summary>
    Retrying,

    /// <summary>The partition's in-flight message count or byte cap is spent.</summary>
    PartitionBudget,

    /// <summary>The global in-flight byte budget is spent, or a received message waits for it.</summary>
    GlobalBudget,

    /// <summary>Too many received offsets of the partition are not committable yet.</summary>
    UncommittedLimit,
}
