namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Headers added to a dead-lettered message, next to the original key, value and headers.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "dlq_reason";
    public const string Error = "dlq_error";
    public const string SourceTopic = "dlq_source_topic";
    public const string SourcePartition = "dlq_source_partition";
    public const string SourceOffset = "dlq_source_offset";
    public const string FailedAt = "dlq_failed_at";

    /// <summary>"1" when the value could not be copied (too large even for the dead-letter topic).</summary>
    public const string ValueOmitted = "dlq_value_omitted";

    /// <summary>Error texts are cut here: they describe, the original message is the evidence.</summary>
    public const int MaxErrorBytes = 1_024;
}
