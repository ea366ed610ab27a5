namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>Running totals of one producer, for progress displays and summaries.</summary>
/// <param name="Disabled">Rounds not sent because recording was switched off (<c>Producer:Enabled=false</c>).</param>
public readonly record struct ProducerCounters(long Queued, long Delivered, long Failed, long Rejected, long Replacements = 0, long Disabled = 0)
{
    /// <summary>Queued rounds whose delivery is not reported yet.</summary>
    public long Pending => Queued - Delivered - Failed;
}
