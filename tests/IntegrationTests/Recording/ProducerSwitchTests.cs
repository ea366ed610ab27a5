using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.IntegrationTests.Support;
using Recorder.Producer.Schedule.Scheduling;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// <c>Producer:Enabled</c> (docs/design.md §3.3): switched off, <c>SendQasToRecorder</c> produces nothing and counts
/// each round as disabled; switched back on in a reloaded configuration, it produces again without a restart.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class ProducerSwitchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Switched_off_nothing_is_produced_and_rounds_count_as_disabled_and_switching_on_at_runtime_resumes()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers,
            new Dictionary<string, string?> { ["Producer:Enabled"] = "false" });
        var producer = recorder.Services.GetRequiredService<QaRoundProducer>();
        var client = new ConversationRecorderClient(producer, recorder.Services.GetRequiredService<IOptionsMonitor<KafkaProducerOptions>>(), TimeProvider.System);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PublishOutcome.Disabled, client.SendQasToRecorder($"user-{i}", [new QaPair("q", $"a{i}")]));
        }

        // Returned at once: nothing was handed to librdkafka, so there is nothing to wait for.
        Assert.Equal(new ProducerCounters(Queued: 0, Delivered: 0, Failed: 0, Rejected: 0, Disabled: 5), producer.Counters);
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, HighWatermarks(env));
        var metrics = await recorder.ScrapeAsync();
        Assert.Equal(5, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"disabled\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"ok\"}"));

        var configuration = (IConfigurationRoot)recorder.Services.GetRequiredService<IConfiguration>();
        configuration["Producer:Enabled"] = "true";
        configuration.Reload();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(PublishOutcome.Queued, client.SendQasToRecorder($"user-{i}", [new QaPair("q", $"after {i}")]));
        }

        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(new ProducerCounters(Queued: 3, Delivered: 3, Failed: 0, Rejected: 0, Disabled: 5), producer.Counters);
        Assert.Equal(3, HighWatermarks(env));
        await env.WaitForRowsAsync(6, Patience);
        metrics = await recorder.ScrapeAsync();
        Assert.Equal(5, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"disabled\"}"));
        Assert.Equal(3, MetricsText.Require(metrics, "qywx_recorder_producer_messages_total{result=\"ok\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_producer_queue_messages"));
    }

    /// <summary>Records in the topic: the sum of the partitions' high watermarks.</summary>
    private static long HighWatermarks(RecordingEnvironment env)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = env.Cluster.BootstrapServers,
            GroupId = "watermarks-" + Guid.NewGuid().ToString("N"),
        }).SetLogHandler((_, _) => { }).Build();
        return Enumerable.Range(0, 2)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(RecordingEnvironment.Topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }
}
