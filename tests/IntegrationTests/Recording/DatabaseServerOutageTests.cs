using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>Runs alone: it stops the MariaDB server every other database test uses.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseServerOutageCollection
{
    public const string Name = "MariaDB server outage";
}

[Collection(DatabaseServerOutageCollection.Name)]
public sealed class DatabaseServerOutageTests
{
    [Fact]
    public async Task MariaDB_stopped_for_twenty_seconds_mid_stream_then_every_round_is_recorded()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 4);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        var rounds = env.Rounds(600, pairs: 2, tag: "outage");
        await env.ProduceAsync(rounds.Take(200));
        await env.WaitForRowsAsync(800, TimeSpan.FromSeconds(90));

        await MariaDbServer.StopAsync();
        try
        {
            var outage = Task.Delay(TimeSpan.FromSeconds(20));
            await env.ProduceAsync(rounds.Skip(200));
            await outage;
        }
        finally
        {
            await MariaDbServer.StartAsync();
        }

        await env.WaitForRowsAsync(rounds.Count * 4, TimeSpan.FromSeconds(120));
        var metrics = await recorder.ScrapeAsync();
        Assert.True(MetricsText.Require(metrics, "qywx_recorder_db_retry_total{reason=\"other\"}") > 0, "the outage must have been retried");
        Assert.True(MetricsText.Require(metrics, "qywx_recorder_db_insert_batches_total{result=\"retry_ok\"}") > 0);
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"dlq\"}"));
        Assert.Equal(rounds.Count, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
    }
}
