namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>
/// Turns one client's running totals into increments for the process-wide counters. One baseline per librdkafka
/// instance: a replacement after a fatal error starts again from zero, and the counters must not go backwards.
/// </summary>
internal sealed class ProducerStatisticsBaseline
{
    private readonly Dictionary<string, BrokerRequestTotals> _brokers = new(StringComparer.Ordinal);
    private long _requests;

    /// <summary>What happened since the previous report of this client. Called from one thread (librdkafka's poll thread).</summary>
    public (long Requests, long Retries, long Errors) Advance(ProducerStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var requests = Math.Max(0, statistics.Requests - _requests);
        _requests = Math.Max(_requests, statistics.Requests);
        long retries = 0, errors = 0;
        foreach (var (name, totals) in statistics.Brokers)
        {
            // Per broker: a broker that disappears from the report must not make the sum look like a reset.
            var last = _brokers.GetValueOrDefault(name);
            retries += Math.Max(0, totals.Retries - last.Retries);
            errors += Math.Max(0, totals.Errors - last.Errors);
            _brokers[name] = new BrokerRequestTotals(Math.Max(last.Retries, totals.Retries), Math.Max(last.Errors, totals.Errors));
        }

        return (requests, retries, errors);
    }
}
