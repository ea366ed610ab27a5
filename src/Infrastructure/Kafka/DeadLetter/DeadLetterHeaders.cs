namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Headers added to a dead-lettered message, next to the original key, value and headers.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Every header the recorder adds starts with this; a replay removes all of them.</summary>
    public const string Prefix = "dlq_";

    public const string Reason = "dlq_reason";
    public const string Error = "dlq_error";
    public const string SourceTopic = "dlq_source_topic";
    public const string SourcePartition = "dlq_source_partition";
    public const string SourceOffset = "dlq_source_offset";
    public const string FailedAt = "dlq_failed_at";

    /// <summary>The original record's Kafka timestamp, unix milliseconds; absent when the record had none.</summary>
    public const string SourceTimestamp = "dlq_source_timestamp";

    /// <summary>Which recorder instance dead-lettered the record (host or pod name).</summary>
    public const string Instance = "dlq_instance";

    /// <summary>"1" when the value could not be copied (too large even for the dead-letter topic).</summary>
    public const string ValueOmitted = "dlq_value_omitted";

    /// <summary>
    /// Added by a replay to the record it sends back to the source topic: <c>&lt;dead-letter partition&gt;/&lt;offset&gt;</c>.
    /// Not a dlq_ header: it stays on the record, and on its dead-letter copy should it fail again.
    /// </summary>
    public const string ReplayedFrom = "replayed_from";

    /// <summary>Error texts are cut here: they describe, the original message is the evidence.</summary>
    public const int MaxErrorBytes = 1_024;

    /// <summary>True for a header the recorder added when dead-lettering (names compare as the decoder compares them).</summary>
    public static bool IsDeadLetterHeader(string? name) =>
        name is not null && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
