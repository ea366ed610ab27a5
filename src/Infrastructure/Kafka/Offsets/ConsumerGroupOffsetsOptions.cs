namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>
/// Settings of <c>offsets show</c> and <c>offsets reset</c>. Bound from the "Offsets" section; the group, topic,
/// cluster and session timings are the recorder's own (Recorder section).
/// </summary>
public sealed class ConsumerGroupOffsetsOptions
{
    public const string SectionName = "Offsets";

    /// <summary><c>client.id</c> of every client these commands create.</summary>
    public string ClientId { get; set; } = "qywx-recorder-offsets";

    /// <summary>Metadata, watermark, committed-offset, timestamp and admin requests.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Only where the cluster cannot describe groups: how long a reset waits, as a member of the recorder's group, to be
    /// given every partition (which proves no other member is live). Must exceed the recorder's session timeout, so a
    /// member that died without leaving has expired by then.
    /// </summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(75);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("Offsets:ClientId is empty.");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"Offsets:RequestTimeout must be at least 1 s (was {RequestTimeout}).");
        }

        if (JoinTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"Offsets:JoinTimeout must be at least 1 s (was {JoinTimeout}).");
        }

        return problems;
    }
}
