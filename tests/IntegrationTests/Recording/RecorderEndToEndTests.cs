using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

[Collection(RecordsTableCollection.Name)]
public sealed class RecorderEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Rounds_from_the_producer_are_recorded_exactly_once_and_a_replay_adds_nothing()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 4);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        const int rounds = 2_000;
        const int pairs = 3;
        const int rows = rounds * pairs * 2;
        var occurred = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

        // The scheduler's own producer, twice with the same rounds: Kafka redelivery in its purest form.
        for (var replay = 0; replay < 2; replay++)
        {
            var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
            for (var i = 0; i < rounds; i++)
            {
                var qas = Enumerable.Range(0, pairs).Select(p => new QaPair($"  question {i}/{p}  ", $"answer {i}/{p}\n")).ToArray();
                Assert.Equal(PublishOutcome.Queued, producer.Publish($"user-{i % 97}", qas, occurred.AddSeconds(i)));
            }

            Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, producer.Counters.Failed);
            await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"ok\"}", rounds * (replay + 1), Patience);
        }

        var metrics = await recorder.ScrapeAsync();
        Assert.Equal(rows, await env.CountRowsAsync());
        Assert.Equal(rows / 2, await env.CountRowsAsync("source = 'USER' AND content LIKE 'question %' AND content NOT LIKE ' %'"));
        Assert.Equal(rows / 2, await env.CountRowsAsync("source = 'AI' AND content NOT LIKE '%\\n'"));
        Assert.Equal(rows, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"inserted\"}"));
        Assert.Equal(rows, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"ignored\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"error\"}"));
        Assert.Equal(2 * rounds * pairs, MetricsText.Require(metrics, "qywx_recorder_qas_total"));
        Assert.Equal(2 * rounds, MetricsText.Require(metrics, "qywx_recorder_consume_batch_seconds_count{topic=\"qywx-recorder\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"decode_error\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"dlq\"}"));
        Assert.True(MetricsText.Require(metrics, "qywx_recorder_db_insert_batches_total{result=\"ok\"}") > 0);
        Assert.Equal(2 * rounds, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"ok\"}"));
        foreach (var gauge in new[] { "open", "in_use", "idle", "wait_count", "wait_seconds" })
        {
            Assert.NotNull(MetricsText.Value(metrics, "qywx_recorder_db_pool_" + gauge));
        }

        Assert.Contains("qywx_recorder_db_insert_batch_seconds_bucket{le=\"0.005\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poison_messages_go_to_the_dead_letter_topic_and_later_good_ones_are_recorded()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var good = env.Rounds(6, pairs: 1, tag: "good");
        var poison = new (string Reason, Message<byte[], byte[]> Message)[]
        {
            ("invalid_json", WithValue(good[0], "[{\"q\":\"unterminated"u8.ToArray())),
            ("not_an_array", WithValue(good[0], "{\"q\":\"x\",\"a\":\"y\"}"u8.ToArray())),
            ("missing_user_id", WithoutHeader(good[0], "user_id")),
            ("wrong_schema", WithHeader(good[0], "Schema", "ipang.qa.v2")),
            ("invalid_utf8", WithValue(good[0], [0x5B, 0x7B, 0x22, 0x71, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x5D])),
        };

        // All on one partition, poison first: the good records behind them must not be blocked.
        await env.ProduceAsync([good[0], .. poison.Select(p => p.Message), .. good.Skip(1)], partition: 0);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        await env.WaitForRowsAsync(good.Count * 2, Patience);
        var dead = env.ReadDeadLetters(poison.Length, Patience);

        Assert.Equal(poison.Select(p => p.Reason).Order(), dead.Select(d => Header(d, "dlq_reason")).Order());
        foreach (var record in dead)
        {
            Assert.Equal(RecordingEnvironment.Topic, Header(record, "dlq_source_topic"));
            Assert.Equal("0", Header(record, "dlq_source_partition"));
            Assert.InRange(long.Parse(Header(record, "dlq_source_offset"), System.Globalization.CultureInfo.InvariantCulture), 1, 5);
            Assert.False(string.IsNullOrWhiteSpace(Header(record, "dlq_error")));
            Assert.True(long.Parse(Header(record, "dlq_failed_at"), System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000);
            var original = poison.Single(p => p.Reason == Header(record, "dlq_reason")).Message;
            Assert.Equal(original.Value, record.Message.Value);
            Assert.Equal(original.Key, record.Message.Key);
        }

        var metrics = await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"dlq\"}", poison.Length, Patience);
        Assert.Equal(poison.Length, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"decode_error\"}"));
        Assert.Equal(good.Count, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
    }

    [Fact]
    public async Task A_six_mebibyte_round_is_recorded_whole()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        // As large as the producer allows once key and headers are counted against message.max.bytes.
        var half = (6 * 1024 * 1024 - 2048) / 2;
        var question = new string('问', half / 3);
        var answer = new string('a', half - 16);
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();

        Assert.Equal(PublishOutcome.Queued, producer.Publish("big-user", [new QaPair(question, answer)], DateTime.UtcNow));
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));

        await env.WaitForRowsAsync(2, Patience);
        Assert.Equal(1, await env.CountRowsAsync($"source = 'USER' AND CHAR_LENGTH(content) = {question.Length}"));
        Assert.Equal(1, await env.CountRowsAsync($"source = 'AI' AND LENGTH(content) = {answer.Length}"));
        Assert.Equal(PublishOutcome.RejectedTooLarge, producer.Publish("big-user", [new QaPair(question + question, answer)], DateTime.UtcNow));
    }

    [Fact]
    public async Task A_record_too_large_even_for_the_dead_letter_topic_is_dead_lettered_without_its_value_and_does_not_block()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var good = env.Rounds(3, pairs: 1, tag: "after-giant");
        // Another producer, without the recorder's size limit, sent a round of 6.5 MB (smaller once compressed).
        var giant = WithValue(good[0], Encoding.UTF8.GetBytes("[{\"q\":\"" + new string('x', 6_500_000) + "\",\"a\":\"\"}]"));
        var lax = new ProducerConfig { BootstrapServers = env.Cluster.BootstrapServers, MessageMaxBytes = 16 * 1024 * 1024, CompressionType = CompressionType.Lz4 };
        using (var producer = new ProducerBuilder<byte[], byte[]>(lax).Build())
        {
            await producer.ProduceAsync(RecordingEnvironment.Topic, giant);
        }

        await env.ProduceAsync(good.Skip(1));
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        await env.WaitForRowsAsync(4, Patience);
        var dead = Assert.Single(env.ReadDeadLetters(1, Patience));
        Assert.Equal("too_large", Header(dead, "dlq_reason"));
        Assert.Equal("1", Header(dead, "dlq_value_omitted"));
        Assert.Equal("0", Header(dead, "dlq_source_offset"));
        Assert.Null(dead.Message.Value);
        Assert.Equal(giant.Key, dead.Message.Key);
    }

    private static Message<byte[], byte[]> WithValue(Message<byte[], byte[]> m, byte[] value) =>
        new() { Key = m.Key, Value = value, Headers = Copy(m.Headers) };

    private static Message<byte[], byte[]> WithoutHeader(Message<byte[], byte[]> m, string name)
    {
        var headers = Copy(m.Headers);
        headers.Remove(name);
        return new() { Key = m.Key, Value = m.Value, Headers = headers };
    }

    private static Message<byte[], byte[]> WithHeader(Message<byte[], byte[]> m, string name, string value)
    {
        var headers = Copy(m.Headers);
        headers.Remove("schema");
        headers.Add(name, Encoding.UTF8.GetBytes(value));
        return new() { Key = m.Key, Value = m.Value, Headers = headers };
    }

    private static Headers Copy(Headers source)
    {
        var headers = new Headers();
        foreach (var h in source)
        {
            headers.Add(h.Key, h.GetValueBytes());
        }

        return headers;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
