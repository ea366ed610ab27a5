using Confluent.Kafka;
using Kafka.MockCluster;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

public sealed class ProducerRecoveryTests
{
    [Fact]
    public async Task After_a_fatal_idempotence_error_the_next_rounds_go_through_a_fresh_producer()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [new TopicSpec("qywx-recorder", 1)] });
        var metrics = new RecorderMetrics();
        var log = new ListLogger<QaRoundProducer>();
        await using var producer = new QaRoundProducer(
            new KafkaProducerOptions { BootstrapServers = cluster.BootstrapServers, FlushTimeout = TimeSpan.FromSeconds(5) },
            metrics, TimeProvider.System, log);
        Assert.Equal(PublishOutcome.Queued, producer.Publish("u", [new QaPair("warm", "up")], DateTime.UtcNow));
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(10)));

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.OutOfOrderSequenceNumber);
        producer.Publish("u", [new QaPair("hit by", "the error")], DateTime.UtcNow);
        await producer.FlushAsync(TimeSpan.FromSeconds(10));
        var failedBefore = producer.Counters.Failed;
        // The client learns of the fatal state through a callback; rounds in that instant may fail (logged and
        // counted). Once it knows, it replaces the instance by itself.
        for (var wait = 0; wait < 100 && producer.Counters.Replacements == 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.True(producer.Counters.Replacements == 1, log.ToString());

        for (var i = 0; i < 5; i++)
        {
            var outcome = producer.Publish("u", [new QaPair($"after {i}", "a")], DateTime.UtcNow);
            Assert.True(outcome == PublishOutcome.Queued, $"round {i}: {outcome}\n{log}");
        }

        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, failedBefore);
        Assert.Equal(6, producer.Counters.Delivered);
    }
}
