namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Where unrecordable messages go. Bound from the "Recorder" section (Recorder__DeadLetterTopic).</summary>
public sealed class DeadLetterOptions
{
    public string DeadLetterTopic { get; set; } = "qywx-recorder.dlq";

    /// <summary>How long one dead-letter produce may take before it counts as failed.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DeadLetterTopic))
        {
            problems.Add("Recorder:DeadLetterTopic is empty.");
        }

        // librdkafka reads message.timeout.ms=0 as "never time out", which would hang a partition on a produce.
        if (DeliveryTimeout < TimeSpan.FromSeconds(1) || DeliveryTimeout > TimeSpan.FromMinutes(15))
        {
            problems.Add($"Recorder:DeliveryTimeout must be between 1 s and 15 min (was {DeliveryTimeout}).");
        }

        return problems;
    }
}
