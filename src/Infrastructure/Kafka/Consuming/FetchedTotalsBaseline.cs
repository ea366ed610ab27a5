namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Turns one librdkafka client's running totals of fetched records into increments for the process-wide counters.
/// One baseline per client: a replacement reports from zero again, and the counters must not go backwards.
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
        _messages = Math.Max(_messages, statistics.FetchedMessages);
        _bytes = Math.Max(_bytes, statistics.FetchedBytes);
        return (messages, bytes);
    }
}
