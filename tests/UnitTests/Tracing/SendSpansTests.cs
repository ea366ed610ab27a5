using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Tracing;

/// <summary>The producer's send span and queue gauges, against an address where no broker listens (nothing is delivered).</summary>
[Collection(TracingListenersCollection.Name)]
public sealed class SendSpansTests : IAsyncDisposable
{
    private readonly SpanCollector _spans = new(RecorderActivitySources.ProducerName);
    private readonly RecorderMetrics _metrics = new();
    private readonly QaRoundProducer _producer;

    public SendSpansTests()
    {
        var options = new KafkaProducerOptions { BootstrapServers = "127.0.0.1:1", MaxValueBytes = 1_000, FlushTimeout = TimeSpan.FromMilliseconds(100) };
        _producer = new QaRoundProducer(options, _metrics, TimeProvider.System, NullLogger<QaRoundProducer>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _producer.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public void A_refused_round_ends_its_send_span_as_an_error_naming_the_limit_under_the_callers_span()
    {
        using var caller = new Activity("caller").Start();

        Assert.Equal(PublishOutcome.RejectedTooLarge, _producer.Publish("user", [new QaPair(new string('q', 2_000), "a")], DateTime.UtcNow));

        var send = Assert.Single(_spans.InTrace(caller.TraceId));
        Assert.Equal("send qywx-recorder", send.OperationName);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(caller.SpanId, send.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, send.Status);
        Assert.Equal("value_too_large", send.GetTagItem("error.type"));
        Assert.Same(caller, Activity.Current);
    }

    [Fact]
    public async Task A_queued_round_leaves_the_callers_span_current_and_counts_in_the_queue_gauges_until_its_report()
    {
        using var caller = new Activity("caller").Start();

        Assert.Equal(PublishOutcome.Queued, _producer.Publish("user", [new QaPair("question", "answer")], DateTime.UtcNow));

        // The send span is open until the delivery report; what the caller does next is not part of it.
        Assert.Same(caller, Activity.Current);
        Assert.Empty(_spans.InTrace(caller.TraceId));
        var scrape = await Exposition.ScrapeAsync(_metrics.Registry);
        Assert.Equal(1, scrape["qywx_recorder_producer_queue_messages"].Value());
        Assert.InRange(scrape["qywx_recorder_producer_queue_bytes"].Value(), 20, 100);
    }

    [Fact]
    public async Task A_disabled_round_is_counted_as_disabled_and_nothing_else()
    {
        _producer.RecordDisabled();

        Assert.Equal(new ProducerCounters(0, 0, 0, 0, 0, Disabled: 1), _producer.Counters);
        var produced = (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_producer_messages_total"];
        Assert.Equal(1, produced.Value(null, ("result", "disabled")));
        Assert.Equal(0, produced.Value(null, ("result", "ok")));
    }
}
