namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>What the producer's metrics take from one librdkafka statistics report (running totals of one client).</summary>
/// <param name="Requests">Requests sent to brokers since the client started (<c>tx</c>).</param>
/// <param name="Brokers">Per broker name: requests sent again and requests that failed (<c>txretries</c>, <c>txerrs</c>).</param>
/// <param name="SlowestBrokerRtt">The largest per-broker average round trip of the report's window; null when no broker measured one.</param>
public sealed record ProducerStatistics(long Requests, IReadOnlyDictionary<string, BrokerRequestTotals> Brokers, TimeSpan? SlowestBrokerRtt);

/// <summary>One broker's running totals.</summary>
public readonly record struct BrokerRequestTotals(long Retries, long Errors);
