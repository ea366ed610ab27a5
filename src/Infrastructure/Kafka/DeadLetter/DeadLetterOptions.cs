namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Where unrecordable messages go. Bound from the "Recorder" section (Recorder__DeadLetterTopic).</summary>
public sealed class DeadLetterOptions
{
    public string DeadLetterTopic { get; set; } = "qywx-recorder.dlq";

    /// <summary>How long one dead-letter produce may take before it counts as failed.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
