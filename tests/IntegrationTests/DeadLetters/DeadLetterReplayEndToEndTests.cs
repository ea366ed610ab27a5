using System.Net;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Observability;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.DeadLetters;

/// <summary>
/// docs/design.md §5.10 through the whole pipeline: rounds dead-lettered while MySQL was away are stored exactly once
/// by `dlq replay` once it is back, a second replay sends nothing, and a replayed round that had in fact been stored
/// is absorbed by the unique key even without an occurred header.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class DeadLetterReplayEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Rounds_dead_lettered_during_a_database_outage_are_stored_exactly_once_by_a_replay_and_a_second_replay_sends_nothing()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var server = new MySqlConnector.MySqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpOutageProxy(new IPEndPoint(IPAddress.Parse(server.Server), (int)server.Port));
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers,
            new Dictionary<string, string?>
            {
                ["Persistence:RetryBudget"] = "00:00:03",
                ["Persistence:RetryMaxBackoff"] = "00:00:00.500",
            },
            connectionString: TestDatabase.With(b => b.Port = (uint)proxy.Port));
        var rounds = env.Rounds(60, pairs: 2, users: 10, tag: "outage");

        await env.ProduceAsync(rounds.Take(20));
        await env.WaitForRowsAsync(20 * 4, Patience);
        proxy.Cut();
        await env.ProduceAsync(rounds.Skip(20));
        var deadLetters = env.ReadDeadLetters(40, Patience);
        Assert.Equal(40, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.Equal("db_unavailable", System.Text.Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason))));
        Assert.Equal(20 * 4, await env.CountRowsAsync());
        proxy.Restore();

        // Dead-lettering is at least once: a round redelivered before its offset was committed (the group's session
        // lapsed under load) can be dead-lettered twice. The replay sends each source record once.
        var copies = TopicContents.ReadAll(env.Cluster.BootstrapServers, RecordingEnvironment.DeadLetterTopic, 2);
        var sources = copies.Select(SourceLocation).Distinct().Count();
        Assert.Equal(40, sources);

        var replay = await OperatorCommand.ReplayAsync(env.Cluster.BootstrapServers, "--reason", "db_unavailable");

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal((copies.Count, 40, copies.Count - 40, 0),
            (replay.Summary("matched"), replay.Summary("sent"), replay.Summary("duplicate"), replay.Summary("failed")));
        await WaitForRecordedAsync(recorder, 20 + 40);
        Assert.Equal(rounds.Count * 4, await env.CountRowsAsync());
        for (var user = 0; user < 10; user++)
        {
            // Each of a user's six rounds had two pairs: four rows each, none missing, none twice.
            Assert.Equal(6 * 4, await env.CountRowsAsync($"user_id = 'user-{user}'"));
        }

        var sourceEnd = SourceEnd(env);
        var again = await OperatorCommand.ReplayAsync(env.Cluster.BootstrapServers, "--reason", "db_unavailable");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal((0, 0), (again.Summary("matched"), again.Summary("sent")));
        Assert.Equal(sourceEnd, SourceEnd(env));
        Assert.Equal(rounds.Count * 4, await env.CountRowsAsync());
    }

    [Fact]
    public async Task A_round_without_occurred_that_was_stored_before_it_was_dead_lettered_is_replayed_without_a_second_row()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var round = env.Rounds(1, pairs: 1, tag: "stored-once")[0];
        var headers = new Headers();
        foreach (var header in round.Headers.Where(h => h.Key != "occurred"))
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        // Stored with its Kafka timestamp as occurred, to the millisecond.
        var timestamp = new DateTime(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc);
        await env.ProduceAsync([new Message<byte[], byte[]>
        {
            Key = round.Key, Value = round.Value, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
        }]);
        await env.WaitForRowsAsync(2, Patience);
        Assert.Equal(2, await env.CountRowsAsync("occurred = '2026-11-20 08:30:15.250'"));

        // The same record dead-lettered as well, by the recorder's own publisher: as when an instance stored it, died
        // before committing, and the next owner found MySQL away.
        await using (var publisher = new DeadLetterPublisher(env.Cluster.BootstrapServers,
            new DeadLetterOptions { DeadLetterTopic = RecordingEnvironment.DeadLetterTopic },
            new RecorderMetrics(), TimeProvider.System, NullLogger<DeadLetterPublisher>.Instance))
        {
            var original = Assert.Single(TopicContents.ReadAll(env.Cluster.BootstrapServers, RecordingEnvironment.Topic, 1));
            Assert.True(await publisher.TryPublishAsync(original, "db_unavailable", "MySQL unreachable", CancellationToken.None));
        }

        var replay = await OperatorCommand.ReplayAsync(env.Cluster.BootstrapServers);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal(1, replay.Summary("sent"));
        Assert.DoesNotContain("warning", replay.Output, StringComparison.Ordinal);
        var metrics = await WaitForRecordedAsync(recorder, 2);
        Assert.Equal(2, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"ignored\"}"));
        Assert.Equal(2, await env.CountRowsAsync());
        Assert.Equal(2, await env.CountRowsAsync("occurred = '2026-11-20 08:30:15.250'"));
    }

    /// <summary>Waits until the recorder has recorded at least <paramref name="rounds"/> rounds (a redelivery may add more).</summary>
    private static async Task<string> WaitForRecordedAsync(RecorderInstance recorder, int rounds)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var metrics = await recorder.ScrapeAsync();
            if (MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}") >= rounds)
            {
                return metrics;
            }

            Assert.True(DateTime.UtcNow < deadline, $"fewer than {rounds} rounds recorded after {Patience.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    private static string SourceLocation(ConsumeResult<byte[], byte[]> deadLetter) => string.Join('/',
        new[] { DeadLetterHeaders.SourceTopic, DeadLetterHeaders.SourcePartition, DeadLetterHeaders.SourceOffset }
            .Select(h => System.Text.Encoding.UTF8.GetString(deadLetter.Message.Headers.GetLastBytes(h))));

    private static long SourceEnd(RecordingEnvironment env)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = env.Cluster.BootstrapServers, GroupId = "end-reader" }).Build();
        return Enumerable.Range(0, 2).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(RecordingEnvironment.Topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }
}
