using System.Net;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

[Collection(RecordsTableCollection.Name)]
public sealed class RecorderResilienceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_instances_share_the_partitions_and_nothing_is_lost_when_one_stops_mid_stream()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 8);
        var rounds = env.Rounds(1_200, pairs: 2, users: 200);
        await using var first = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await using var second = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        await env.ProduceAsync(rounds.Take(400));
        await WaitUntilAsync(() => Assigned(first) > 0 && Assigned(second) > 0 && Assigned(first) + Assigned(second) == 8, Patience,
            "both instances own partitions");

        var producing = ProduceSlowlyAsync(env, rounds.Skip(400).ToList());
        await WaitUntilAsync(async () => await env.CountRowsAsync() >= 1_600, Patience, "recording under way");
        await first.StopAsync(); // drains, commits, leaves the group while rounds keep arriving
        await producing;

        await env.WaitForRowsAsync(rounds.Count * 2 * 2, Patience);
        Assert.Equal(8, Assigned(second));
        var metrics = await second.ScrapeAsync();
        Assert.True(MetricsText.Require(metrics, "qywx_recorder_rebalances_total{kind=\"assigned\"}") >= 2);
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"dlq\"}"));
    }

    [Fact]
    public async Task A_database_outage_of_twenty_seconds_is_retried_and_every_round_is_recorded()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 4);
        var server = new MySqlConnector.MySqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpOutageProxy(new IPEndPoint(IPAddress.Parse(server.Server), (int)server.Port));
        var viaProxy = TestDatabase.With(b => b.Port = (uint)proxy.Port);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers, connectionString: viaProxy);
        var rounds = env.Rounds(600, pairs: 2);

        await env.ProduceAsync(rounds.Take(200));
        await env.WaitForRowsAsync(800, Patience);
        proxy.Cut();
        var outage = Task.Delay(TimeSpan.FromSeconds(20));
        await env.ProduceAsync(rounds.Skip(200));
        await outage;
        Assert.Equal(800, await env.CountRowsAsync()); // nothing got through while MySQL was away
        proxy.Restore();

        await env.WaitForRowsAsync(rounds.Count * 4, Patience);
        var metrics = await recorder.ScrapeAsync();
        var retries = MetricsText.Require(metrics, "qywx_recorder_db_retry_total{reason=\"other\"}")
            + MetricsText.Require(metrics, "qywx_recorder_db_retry_total{reason=\"timeout\"}");
        Assert.True(retries > 0, "the outage must have been retried");
        Assert.True(MetricsText.Require(metrics, "qywx_recorder_db_insert_batches_total{result=\"retry_ok\"}") > 0);
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"dlq\"}"));
        Assert.Equal(rounds.Count, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
    }

    [Fact]
    public async Task The_broker_going_down_and_up_mid_stream_loses_nothing()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 4);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var rounds = env.Rounds(900, pairs: 1);

        await env.ProduceAsync(rounds.Take(300));
        await env.WaitForRowsAsync(600, Patience);
        env.Cluster.SetBrokerDown(1);
        using (var producer = env.CreateProducer())
        {
            // Produced while the broker is away: the idempotent producer holds and retries them.
            var pending = rounds.Skip(300).Take(300).Select(m => producer.ProduceAsync(RecordingEnvironment.Topic, m)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(5));
            env.Cluster.SetBrokerUp(1);
            await Task.WhenAll(pending);
        }

        await env.ProduceAsync(rounds.Skip(600));
        await env.WaitForRowsAsync(rounds.Count * 2, Patience);
        var metrics = await recorder.ScrapeAsync();
        Assert.Equal(rounds.Count, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
    }

    private static int Assigned(RecorderInstance recorder) =>
        recorder.Services.GetRequiredService<RecorderConsumerObserver>().AssignedPartitions;

    private static async Task ProduceSlowlyAsync(RecordingEnvironment env, List<Message<byte[], byte[]>> rounds)
    {
        foreach (var chunk in rounds.Chunk(50))
        {
            await env.ProduceAsync(chunk);
            await Task.Delay(100);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
