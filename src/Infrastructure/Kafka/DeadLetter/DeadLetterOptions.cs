namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Where unrecordable messages go. Bound from the "Recorder" section (Recorder__DeadLetterTopic).</summary>
public sealed class DeadLetterOptions
{
    /// <summary>A host name is at most 253 characters; the header needs no more.</summary>
    public const int MaxInstanceNameLength = 253;

    public string DeadLetterTopic { get; set; } = "qywx-recorder.dlq";

    /// <summary>How long one dead-letter produce may take before it counts as failed.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Names this recorder instance in the <c>dlq_instance</c> header (Recorder__InstanceName): the host or pod name,
    /// so an operator can tell which instance dead-lettered a record and read that instance's logs.
    /// </summary>
    public string InstanceName { get; set; } = Environment.MachineName;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DeadLetterTopic))
        {
            problems.Add("Recorder:DeadLetterTopic is empty.");
        }

        if (string.IsNullOrWhiteSpace(InstanceName) || InstanceName.Length > MaxInstanceNameLength)
        {
            problems.Add($"Recorder:InstanceName must be 1 to {MaxInstanceNameLength} characters (was '{InstanceName}').");
        }

        // librdkafka reads message.timeout.ms=0 as "never time out", which would hang a partition on a produce.
        if (DeliveryTimeout < TimeSpan.FromSeconds(1) || DeliveryTimeout > TimeSpan.FromMinutes(15))
        {
            problems.Add($"Recorder:DeliveryTimeout must be between 1 s and 15 min (was {DeliveryTimeout}).");
        }

        return problems;
    }
}
