using Confluent.Kafka;
using Kafka.MockCluster;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability;

namespace Recorder.IntegrationTests.Recording;

public sealed class ProducerRecoveryTests
{
    [Fact]
    public async Task After_a_fatal_idempotence_error_the_next_rounds_go_through_a_fresh_producer()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [new TopicSpec("qywx-recorder", 1)] });
        using var metrics = new RecorderMetrics();
        await using var producer = new QaRoundProducer(
            new KafkaProducerOptions { BootstrapServers = cluster.BootstrapServers, FlushTimeout = TimeSpan.FromSeconds(5) },
            metrics, TimeProvider.System, NullLogger<QaRoundProducer>.Instance);
        Assert.Equal(PublishOutcome.Queued, producer.Publish("u", [new QaPair("warm", "up")], DateTime.UtcNow));
        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(10)));

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.OutOfOrderSequenceNumber);
        producer.Publish("u", [new QaPair("hit by", "the error")], DateTime.UtcNow);
        await producer.FlushAsync(TimeSpan.FromSeconds(10));
        var failedBefore = producer.Counters.Failed;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PublishOutcome.Queued, producer.Publish("u", [new QaPair($"after {i}", "a")], DateTime.UtcNow));
        }

        Assert.True(await producer.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, failedBefore);
        Assert.Equal(6, producer.Counters.Delivered);
        Assert.Equal(1, producer.Counters.Replacements);
    }
}
