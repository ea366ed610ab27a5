using Prometheus;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// The scheduler-side producer's queue and librdkafka's request statistics. The queue is read from the producer just
/// before every collection, so it is exact at scrape time; the request figures arrive with librdkafka's statistics
/// (every <c>statistics.interval.ms</c>, 60 s).
/// </summary>
internal sealed class ProducerGauges
{
    private readonly Gauge _queueMessages;
    private readonly Gauge _queueBytes;
    private readonly Counter _requests;
    private readonly Counter _retries;
    private readonly Counter _errors;
    private readonly Gauge _brokerRtt;
    private Func<ProducerBacklog>? _backlog;

    public ProducerGauges(IMetricFactory factory, CollectorRegistry registry)
    {
        _queueMessages = factory.CreateGauge(Names.ProducerQueueMessages, "Rounds queued in the producer and not yet delivered or failed.");
        _queueBytes = factory.CreateGauge(Names.ProducerQueueBytes, "Bytes of the values of the rounds queued in the producer.");
        _requests = factory.CreateCounter(Names.ProducerRequestsTotal, "Requests the producer sent to brokers (librdkafka tx).");
        _retries = factory.CreateCounter(Names.ProducerRequestRetriesTotal, "Producer requests sent again (librdkafka txretries, all brokers).");
        _errors = factory.CreateCounter(Names.ProducerRequestErrorsTotal, "Producer requests that failed (librdkafka txerrs, all brokers).");
        _brokerRtt = factory.CreateGauge(Names.ProducerBrokerRttSeconds,
            "Average request round trip of the slowest broker over the last statistics interval (librdkafka rtt.avg).");
        registry.AddBeforeCollectCallback(Refresh);
    }

    public void SetQueueSource(Func<ProducerBacklog>? source) => Volatile.Write(ref _backlog, source);

    public void AddRequests(long requests, long retries, long errors)
    {
        Add(_requests, requests);
        Add(_retries, retries);
        Add(_errors, errors);
    }

    public void SetBrokerRtt(TimeSpan? rtt)
    {
        if (rtt is { } value)
        {
            _brokerRtt.Set(value.TotalSeconds);
        }
    }

    private static void Add(Counter counter, long count)
    {
        if (count > 0)
        {
            counter.Inc(count);
        }
    }

    private void Refresh()
    {
        if (Volatile.Read(ref _backlog) is { } source)
        {
            var queue = source();
            _queueMessages.Set(queue.Messages);
            _queueBytes.Set(queue.Bytes);
        }
    }
}
