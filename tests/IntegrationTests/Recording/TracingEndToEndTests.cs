using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;
using Recorder.Producer.Schedule.Scheduling;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// One round followed from the scheduler's call to the table (docs/design.md §7.6): the caller's span, the
/// producer's send span, the recorder's process span with its decode and command children, and the MySQL
/// transaction linked to the record.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class TracingEndToEndTests
{
    private const string Send = "send qywx-recorder";
    private const string Process = "process qywx-recorder";
    private const string Transaction = "INSERT conversation_records";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_round_sent_inside_a_callers_trace_is_followed_to_the_transaction_that_stored_it()
    {
        await using var spans = ExportedSpans.Start();
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
        var client = new ConversationRecorderClient(producer, recorder.Services.GetRequiredService<IOptionsMonitor<KafkaProducerOptions>>(), TimeProvider.System);
        const int rounds = 3;

        var caller = StartCallerSpan();
        for (var i = 0; i < rounds; i++)
        {
            Assert.Equal(PublishOutcome.Queued, client.SendQasToRecorder($"trace-user-{i}", [new QaPair($"question {i}", $"answer {i}")]));
            // The send span outlives the call: the caller's span must stay current for whatever it does next.
            Assert.Same(caller, Activity.Current);
        }

        caller.Stop();
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));
        await env.WaitForRowsAsync(rounds * 2, Patience);
        var all = await spans.WaitForAsync(s =>
            s.Count(a => a.TraceId == caller.TraceId && a.OperationName == Process) == rounds
            && s.Where(a => a.OperationName == Transaction).SelectMany(a => a.Links).Count(l => l.Context.TraceId == caller.TraceId) == rounds,
            Patience, "the rounds' process spans and the transactions linked to them");
        var trace = all.Where(s => s.TraceId == caller.TraceId).ToList();

        var sends = trace.Where(s => s.OperationName == Send).ToList();
        Assert.Equal(rounds, sends.Count);
        foreach (var send in sends)
        {
            Assert.Equal(ActivityKind.Producer, send.Kind);
            Assert.Equal(caller.SpanId, send.ParentSpanId);
            Assert.Equal("kafka", send.GetTagItem("messaging.system"));
            Assert.Equal(RecordingEnvironment.Topic, send.GetTagItem("messaging.destination.name"));
            Assert.Equal("send", send.GetTagItem("messaging.operation.type"));
            Assert.Equal("qywx-producer-recorder", send.GetTagItem("messaging.client.id"));
            Assert.NotNull(send.GetTagItem("messaging.destination.partition.id"));
            Assert.IsType<long>(send.GetTagItem("messaging.kafka.offset"));

            var process = Assert.Single(trace, s => s.OperationName == Process && s.ParentSpanId == send.SpanId);
            Assert.Equal(ActivityKind.Consumer, process.Kind);
            Assert.Equal(send.GetTagItem("messaging.destination.partition.id"), process.GetTagItem("messaging.destination.partition.id"));
            Assert.Equal(send.GetTagItem("messaging.kafka.offset"), process.GetTagItem("messaging.kafka.offset"));
            Assert.Equal("recorded", process.GetTagItem("recorder.outcome"));
            Assert.Equal(2, process.GetTagItem("recorder.rows.inserted"));

            var decode = Assert.Single(trace, s => s.OperationName == "decode" && s.ParentSpanId == process.SpanId);
            Assert.Equal(1, decode.GetTagItem("recorder.qa_pairs"));
            var command = Assert.Single(trace, s => s.OperationName == "RecordQaBatchCommand" && s.ParentSpanId == process.SpanId);
            Assert.Equal("ok", command.GetTagItem("recorder.command.outcome"));

            // One transaction carries many records: it is a root of its own, linked to each record span it stored.
            var transaction = Assert.Single(all, s => s.OperationName == Transaction
                && s.Links.Any(l => l.Context.TraceId == process.TraceId && l.Context.SpanId == process.SpanId));
            Assert.Equal(ActivityKind.Client, transaction.Kind);
            Assert.Equal(default, transaction.ParentSpanId);
            Assert.Equal("mysql", transaction.GetTagItem("db.system.name"));
            Assert.True((int)transaction.GetTagItem("recorder.db.rows")! >= 2);
        }

        AssertNoPersonalData(all, ["trace-user-", "question ", "answer "]);
    }

    [Fact]
    public async Task Rounds_without_a_trace_or_with_a_malformed_one_are_recorded_in_new_traces_and_a_dead_letter_keeps_the_trace_headers()
    {
        await using var spans = ExportedSpans.Start();
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var plain = env.Rounds(1, pairs: 4, tag: "plain")[0];
        var malformed = WithHeader(env.Rounds(1, pairs: 5, tag: "malformed")[0], "traceparent", "00-not-a-trace-context-01");
        var upstream = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = $"00-{upstream.TraceId}-{upstream.SpanId}-01";
        var poison = WithHeader(new Message<byte[], byte[]> { Key = plain.Key, Value = "[{\"q\":"u8.ToArray(), Headers = Copy(plain.Headers) }, "traceparent", traceParent);
        poison.Headers.Add("tracestate", "vendor=1"u8.ToArray());

        await env.ProduceAsync([plain, malformed, poison], partition: 0);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        await env.WaitForRowsAsync((4 + 5) * 2, Patience);
        var dead = Assert.Single(env.ReadDeadLetters(1, Patience));
        Assert.Equal(traceParent, Header(dead, "traceparent"));
        Assert.Equal("vendor=1", Header(dead, "tracestate"));
        var metrics = await MetricsText.WaitForAsync(recorder, "qywx_recorder_trace_context_invalid_total", 1, Patience);
        Assert.Equal(2, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));

        var all = await spans.WaitForAsync(s => s.Count(a => a.OperationName == Process && Offset(a) is 0 or 1 or 2) == 3, Patience, "three process spans");
        foreach (var (offset, pairs) in new[] { (0L, 4), (1L, 5) })
        {
            var process = Assert.Single(all, s => s.OperationName == Process && Offset(s) == offset);
            Assert.Equal(default, process.ParentSpanId);
            Assert.Equal("recorded", process.GetTagItem("recorder.outcome"));
            var decode = Assert.Single(all, s => s.OperationName == "decode" && s.ParentSpanId == process.SpanId);
            Assert.Equal(pairs, decode.GetTagItem("recorder.qa_pairs"));
        }

        var failed = Assert.Single(all, s => s.OperationName == Process && Offset(s) == 2);
        Assert.Equal(upstream.TraceId, failed.TraceId);
        Assert.Equal(upstream.SpanId, failed.ParentSpanId);
        Assert.Equal("dead_lettered", failed.GetTagItem("recorder.outcome"));
        Assert.Equal("invalid_json", failed.GetTagItem("recorder.dlq.reason"));
    }

    private static Activity StartCallerSpan()
    {
        var caller = new Activity("answer the user").SetIdFormat(ActivityIdFormat.W3C);
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return caller.Start();
    }

    private static long? Offset(Activity span) => span.GetTagItem("messaging.kafka.offset") as long?;

    private static void AssertNoPersonalData(IEnumerable<Activity> spans, string[] fragments)
    {
        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.False(fragments.Any(f => text.Contains(f, StringComparison.Ordinal)), $"{span.OperationName}: {key}={text}");
            }
        }
    }

    private static Message<byte[], byte[]> WithHeader(Message<byte[], byte[]> message, string name, string value)
    {
        var headers = Copy(message.Headers);
        headers.Add(name, Encoding.ASCII.GetBytes(value));
        return new Message<byte[], byte[]> { Key = message.Key, Value = message.Value, Headers = headers };
    }

    private static Headers Copy(Headers source)
    {
        var headers = new Headers();
        foreach (var header in source)
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        return headers;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
