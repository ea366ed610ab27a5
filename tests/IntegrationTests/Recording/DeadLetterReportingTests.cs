using System.Text;
using Confluent.Kafka;
using Kafka.MockCluster;
using Microsoft.Extensions.Logging;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Observability;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>How dead-lettered records are described: the error, timestamp and instance headers, and the log level of the stub copy.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed class DeadLetterReportingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_empty_value_is_dead_lettered_as_empty_not_as_malformed_json_at_line_zero()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var round = env.Rounds(1, pairs: 1, tag: "empty")[0];
        await env.ProduceAsync([new Message<byte[], byte[]> { Key = round.Key, Value = [], Headers = round.Headers }]);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        var dead = Assert.Single(env.ReadDeadLetters(1, Patience));

        Assert.Equal("invalid_json", Header(dead, DeadLetterHeaders.Reason));
        Assert.Equal("The value is empty.", Header(dead, DeadLetterHeaders.Error));
    }

    [Fact]
    public async Task A_dead_letter_copy_carries_the_original_timestamp_in_milliseconds_and_the_instance_that_sent_it()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var round = env.Rounds(1, pairs: 1, tag: "ts")[0];
        var timestamp = new DateTime(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc);
        await env.ProduceAsync([new Message<byte[], byte[]>
        {
            Key = round.Key,
            Value = "not json"u8.ToArray(),
            Headers = round.Headers,
            Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
        }]);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers,
            new Dictionary<string, string?> { ["Recorder:InstanceName"] = "recorder-pod-7f9c" });

        var dead = Assert.Single(env.ReadDeadLetters(1, Patience));

        Assert.Equal("invalid_json", Header(dead, DeadLetterHeaders.Reason));
        Assert.Equal("1795163415250", Header(dead, DeadLetterHeaders.SourceTimestamp));
        Assert.Equal("recorder-pod-7f9c", Header(dead, DeadLetterHeaders.Instance));
        Assert.Equal(RecordingEnvironment.Topic, Header(dead, DeadLetterHeaders.SourceTopic));
    }

    [Fact]
    public async Task A_record_too_large_to_copy_goes_as_a_stub_with_a_warning_not_a_critical_error()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(RecordingEnvironment.DeadLetterTopic, 1, 1));
        var metrics = new RecorderMetrics();
        var log = new ListLogger<DeadLetterPublisher>();
        await using var publisher = new DeadLetterPublisher(cluster.BootstrapServers,
            new DeadLetterOptions { DeadLetterTopic = RecordingEnvironment.DeadLetterTopic, DeliveryTimeout = TimeSpan.FromSeconds(10) },
            metrics, TimeProvider.System, log);
        // Over the dead-letter topic's limit even before the dead-letter headers: another producer sent 6.5 MB.
        var giant = new ConsumeResult<byte[], byte[]>
        {
            Topic = RecordingEnvironment.Topic,
            Partition = new Partition(0),
            Offset = new Offset(7),
            Message = new Message<byte[], byte[]> { Key = "u"u8.ToArray(), Value = new byte[6_500_000], Headers = [] },
        };

        Assert.True(await publisher.TryPublishAsync(giant, "too_large", "The value has 6500000 bytes; the limit is 6291456.", CancellationToken.None));

        Assert.Contains(log.Lines, l => l.StartsWith("Warning: Dead-letter copy of qywx-recorder[0]@7 cannot be produced", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.StartsWith(nameof(LogLevel.Critical), StringComparison.Ordinal));
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
