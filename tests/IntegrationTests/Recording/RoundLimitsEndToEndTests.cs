using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// One contract for what a round may be: the scheduler's producer refuses what the recorder would dead-letter, and
/// sends what the recorder stores. Shown on the pair limit, the one a round under 6 MiB can still break.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class RoundLimitsEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_round_over_the_pair_limit_is_refused_by_the_producer_and_dead_lettered_by_the_recorder_alike()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
        var occurred = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

        // Blank pairs make no rows, so only the limit is exercised, not the database: 2 rows per round.
        var atLimit = RoundOfPairs(RoundLimits.MaxPairs, "at-limit");
        var overLimit = RoundOfPairs(RoundLimits.MaxPairs + 1, "over-limit");
        Assert.Equal(PublishOutcome.Queued, producer.Publish("user-at-limit", atLimit, occurred));
        Assert.Equal(PublishOutcome.RejectedTooLarge, producer.Publish("user-over-limit", overLimit, occurred));
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));

        // Another producer, without the contract, sends the same over-limit round: the recorder refuses it.
        var foreign = env.Encoder.Encode("user-over-limit", atLimit, occurred).ToKafkaMessage();
        foreign.Value = Encoding.UTF8.GetBytes("[{\"q\":\"\",\"a\":\"\"}," + Encoding.UTF8.GetString(foreign.Value)[1..]);
        await env.ProduceAsync([foreign]);

        await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"dlq\"}", 1, Patience);
        var metrics = await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"ok\"}", 1, Patience);
        var dead = Assert.Single(env.ReadDeadLetters(1, Patience));

        Assert.Equal(1, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"rejected_too_large\"}"));
        Assert.Equal(1, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
        Assert.Equal(2, await env.CountRowsAsync("user_id = 'user-at-limit'"));
        Assert.Equal(0, await env.CountRowsAsync("user_id = 'user-over-limit'"));
        Assert.Equal("validation_failed", Header(dead, "dlq_reason"));
        Assert.Contains("The round has 100001 pairs; the limit is 100000.", Header(dead, "dlq_error"), StringComparison.Ordinal);
    }

    private static QaPair[] RoundOfPairs(int count, string tag)
    {
        var pairs = Enumerable.Repeat(new QaPair("", ""), count).ToArray();
        pairs[^1] = new QaPair($"{tag} question", $"{tag} answer");
        return pairs;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
