namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>What happened to a round handed to the producer, at the moment of handing it over.</summary>
public enum PublishOutcome
{
    /// <summary>Queued; its delivery is reported later by log and metric.</summary>
    Queued,

    /// <summary>
    /// It breaks a round limit (value bytes, pairs, user-id length, text size: see <c>RoundLimits</c>), so the
    /// recorder would refuse it; not sent.
    /// </summary>
    RejectedTooLarge,

    /// <summary>The round itself is unusable (blank user id, null pair, unpaired surrogate); not sent.</summary>
    RejectedInvalid,

    /// <summary>The client could not queue it (local queue full, client closed); not sent.</summary>
    Failed,

    /// <summary>Recording is switched off (<c>Producer:Enabled=false</c>); not sent, counted as <c>disabled</c>.</summary>
    Disabled,
}
