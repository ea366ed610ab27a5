namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Answer of <see cref="PartitionBudget.TryReserve"/>.</summary>
public enum AdmitResult
{
    Admitted,

    /// <summary>The partition's byte cap is spent; wait for messages of that partition to finish.</summary>
    PartitionFull,

    /// <summary>The global byte budget is spent; wait for messages of any partition to finish.</summary>
    BudgetFull,
}
