using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Tracing;

/// <summary>The recorder's spans of one record, read from a listener; each test finds its spans by a unique offset.</summary>
[Collection(TracingListenersCollection.Name)]
public sealed class RecordSpansTests : IDisposable
{
    private readonly SpanCollector _spans = new(RecorderActivitySources.ConsumerName);
    private readonly IMediator _mediator = Substitute.For<IMediator>();
    private readonly IDeadLetterPublisher _deadLetters = Substitute.For<IDeadLetterPublisher>();
    private readonly RecorderMetrics _metrics = new();
    private readonly RecordingMessageProcessor _processor;
    private readonly long _offset = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);

    public RecordSpansTests()
    {
        _processor = new RecordingMessageProcessor(new QaRoundMessageDecoder(TimeProvider.System), _mediator, _deadLetters, _metrics,
            NullLogger<RecordingMessageProcessor>.Instance, TimeProvider.System, consumerGroup: "qywx-recorder-group");
        _deadLetters.TryPublishAsync(default!, default!, default!, default).ReturnsForAnyArgs(true);
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(1, 1, 2));
    }

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task A_record_with_a_traceparent_is_processed_in_that_trace_with_a_decode_child_and_the_command_under_the_process_span()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var sendSpan = ActivitySpanId.CreateRandom();
        Activity? currentDuringCommand = null;
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            currentDuringCommand = Activity.Current;
            return new RecordQaBatchResult(1, 1, 2);
        });

        var outcome = await _processor.ProcessAsync(Record(Round($"00-{traceId}-{sendSpan}-01")), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        var process = Process();
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("process qywx-recorder", process.OperationName);
        Assert.Equal(traceId, process.TraceId);
        Assert.Equal(sendSpan, process.ParentSpanId);
        Assert.True(process.HasRemoteParent);
        Assert.Equal("kafka", process.GetTagItem("messaging.system"));
        Assert.Equal("qywx-recorder", process.GetTagItem("messaging.destination.name"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Equal("3", process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(_offset, process.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("qywx-recorder-group", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("recorded", process.GetTagItem("recorder.outcome"));
        Assert.Equal(1, process.GetTagItem("recorder.rows.inserted"));
        Assert.Equal(1, process.GetTagItem("recorder.rows.ignored"));
        var decode = Assert.Single(_spans.InTrace(traceId), s => s.OperationName == "decode");
        Assert.Equal(process.SpanId, decode.ParentSpanId);
        Assert.Equal(1, decode.GetTagItem("recorder.qa_pairs"));
        Assert.Same(process, currentDuringCommand);
        Assert.Equal(0, await InvalidTraceContexts());
    }

    [Fact]
    public async Task No_attribute_carries_the_user_id_the_key_or_the_text()
    {
        await _processor.ProcessAsync(Record(Round($"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01")), CancellationToken.None);

        var process = Process();
        var spans = _spans.InTrace(process.TraceId);
        var values = spans.SelectMany(s => s.TagObjects).Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.DoesNotContain(values, v => v!.Contains("secret-user", StringComparison.Ordinal) || v.Contains("secret text", StringComparison.Ordinal));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Key == "messaging.kafka.message.key");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public async Task A_malformed_traceparent_is_ignored_and_counted_and_the_round_is_still_recorded_in_a_new_trace(string traceParent)
    {
        using var ambient = new Activity("ambient").Start();

        var outcome = await _processor.ProcessAsync(Record(Round(traceParent)), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        var process = Process();
        Assert.Equal(default, process.ParentSpanId);
        Assert.NotEqual(ambient.TraceId, process.TraceId);
        Assert.Equal("recorded", process.GetTagItem("recorder.outcome"));
        Assert.Equal(1, await InvalidTraceContexts());
    }

    [Fact]
    public async Task A_record_without_traceparent_starts_a_trace_and_is_not_counted_as_invalid()
    {
        var outcome = await _processor.ProcessAsync(Record(Round(traceParent: null)), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        Assert.Equal(default, Process().ParentSpanId);
        Assert.Equal(0, await InvalidTraceContexts());
    }

    [Fact]
    public async Task An_undecodable_record_has_a_failed_decode_span_and_a_dead_lettered_process_span()
    {
        var outcome = await _processor.ProcessAsync(Record(Round(traceParent: null, value: "[{\"q\":")), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        var process = Process();
        Assert.Equal("dead_lettered", process.GetTagItem("recorder.outcome"));
        Assert.Equal("invalid_json", process.GetTagItem("recorder.dlq.reason"));
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        var decode = Assert.Single(_spans.InTrace(process.TraceId), s => s.OperationName == "decode");
        Assert.Equal("invalid_json", decode.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, decode.Status);
    }

    [Fact]
    public async Task A_record_whose_dead_letter_copy_fails_is_marked_for_retry()
    {
        _deadLetters.TryPublishAsync(default!, default!, default!, default).ReturnsForAnyArgs(false);

        var outcome = await _processor.ProcessAsync(Record(Round(traceParent: null, value: "{}")), CancellationToken.None);

        Assert.Equal(ProcessOutcome.RetryLater, outcome);
        Assert.Equal("retry_later", Process().GetTagItem("recorder.outcome"));
    }

    private Activity Process() => _spans.Single("process qywx-recorder", s => Equals(s.GetTagItem("messaging.kafka.offset"), _offset));

    private async Task<double> InvalidTraceContexts() =>
        (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_trace_context_invalid_total"].Value(null);

    private static Message<byte[], byte[]> Round(string? traceParent, string value = """[{"q":"secret text","a":"more secret text"}]""")
    {
        var headers = new Headers
        {
            { "schema", "ipang.qa.v1"u8.ToArray() },
            { "user_id", "secret-user"u8.ToArray() },
            { "occurred", "1717243200"u8.ToArray() },
        };
        if (traceParent is not null)
        {
            headers.Add("traceparent", Encoding.ASCII.GetBytes(traceParent));
        }

        return new Message<byte[], byte[]> { Key = "secret-user"u8.ToArray(), Value = Encoding.UTF8.GetBytes(value), Headers = headers };
    }

    private ConsumeResult<byte[], byte[]> Record(Message<byte[], byte[]> message) => new()
    {
        Topic = "qywx-recorder",
        Partition = new Partition(3),
        Offset = new Offset(_offset),
        Message = message,
    };
}
