namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Turns one librdkafka client's running totals of fetched records into increments for the process-wide counters,
/// which must not go backwards. librdkafka sums its totals over the partitions it still knows, so a total falls when
/// one is forgotten (a topic deleted or shrunk): that report adds nothing, and counting goes on from the lower total.
/// </summary>
internal sealed class FetchedTotalsBaseline
{
    private long _messages;
    private long _bytes;

    /// <summary>What was fetched since the previous report of this client. Poll thread only.</summary>
    public (long Messages, long Bytes) Advance(ConsumerStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var messages = Math.Max(0, statistics.FetchedMessages - _messages);
        var bytes = Math.Max(0, statistics.FetchedBytes - _bytes);
        _messages = statistics.FetchedMessages;
        _bytes = statistics.FetchedBytes;
        return (messages, bytes);
    }
}
