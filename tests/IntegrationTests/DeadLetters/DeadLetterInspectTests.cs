using Confluent.Kafka;
using Kafka.MockCluster;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Observability;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.DeadLetters;

/// <summary>`dlq inspect` counts what the dead-letter topic holds, moves no progress and prints no message content.</summary>
public sealed class DeadLetterInspectTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static readonly DeadLetterCase[] Cases =
    [
        new(0, "db_unavailable", T0, "u-a"),
        new(1, "db_unavailable", T0.AddHours(2), "u-b"),
        new(2, "invalid_json", T0.AddMinutes(30), "u-a"),
        new(3, "db_unavailable", T0.AddHours(1), "u-a"),
        new(4, "db_rejected", T0.AddMinutes(-5), "u-c"),
    ];

    [Fact]
    public async Task Counts_by_reason_and_user_with_the_oldest_and_newest_failure_and_no_content()
    {
        await using var cluster = MockKafkaCluster.Start(1,
            new TopicSpec(RecordingEnvironment.Topic, 4), new TopicSpec(RecordingEnvironment.DeadLetterTopic, 2));
        await DeadLetterFixtures.PublishAsync(cluster.BootstrapServers, Cases);
        await PublishStubAsync(cluster.BootstrapServers);

        var plain = await OperatorCommand.InspectAsync(cluster.BootstrapServers);
        var byUser = await OperatorCommand.InspectAsync(cluster.BootstrapServers, "--by-user");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(byUser.ExitCode == 0, byUser.ToString());
        Assert.Equal(["db_rejected", "1", "2026-11-20T07:55:00Z", "2026-11-20T07:55:00Z"], Row(plain, "db_rejected"));
        Assert.Equal(["db_unavailable", "3", "2026-11-20T08:00:00Z", "2026-11-20T10:00:00Z"], Row(plain, "db_unavailable"));
        Assert.Equal(["invalid_json", "1", "2026-11-20T08:30:00Z", "2026-11-20T08:30:00Z"], Row(plain, "invalid_json"));
        Assert.Equal(["too_large", "1", "2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z"], Row(plain, "too_large"));
        Assert.Equal(["total", "6", "2026-11-20T07:55:00Z", "2026-11-20T12:00:00Z"], Row(plain, "total"));
        Assert.Contains("dead-letter topic qywx-recorder.dlq: 2 partitions, 6 records", plain.Output, StringComparison.Ordinal);
        Assert.Contains("(dlq_value_omitted=1): 1", plain.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("by user", plain.Output, StringComparison.Ordinal);

        Assert.Equal(["u-a", "4"], Row(byUser, "u-a"));
        Assert.Equal(["u-b", "1"], Row(byUser, "u-b"));
        Assert.Equal(["u-c", "1"], Row(byUser, "u-c"));

        foreach (var output in new[] { plain.Output, byUser.Output })
        {
            Assert.DoesNotContain(DeadLetterFixtures.SecretText, output, StringComparison.Ordinal);
            Assert.DoesNotContain("答复", output, StringComparison.Ordinal);
            Assert.DoesNotContain("MySQL unreachable", output, StringComparison.Ordinal); // dlq_error is not printed either
        }

        // Inspecting commits nothing: no replay's progress moved, and its own reader left no offsets behind.
        var replay = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--dry-run");
        Assert.Equal(6, replay.Summary("matched"));
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "qywx-recorder-dlq-inspect",
        }).Build();
        var committed = reader.Committed([new TopicPartition(RecordingEnvironment.DeadLetterTopic, 0), new TopicPartition(RecordingEnvironment.DeadLetterTopic, 1)],
            TimeSpan.FromSeconds(10));
        Assert.All(committed, c => Assert.Equal(Offset.Unset, c.Offset));
    }

    /// <summary>A record too large to copy: the recorder's publisher sends a stub without its value.</summary>
    private static async Task PublishStubAsync(string bootstrapServers)
    {
        await using var publisher = new DeadLetterPublisher(bootstrapServers,
            new DeadLetterOptions { DeadLetterTopic = RecordingEnvironment.DeadLetterTopic },
            new RecorderMetrics(), new At(T0.AddHours(4)), NullLogger<DeadLetterPublisher>.Instance);
        var giant = DeadLetterFixtures.Original(new DeadLetterCase(5, "too_large", T0, "u-a"));
        giant.Message.Value = new byte[6_500_000];
        Assert.True(await publisher.TryPublishAsync(giant, "too_large", "The value has 6500000 bytes; the limit is 6291456.", CancellationToken.None));
    }

    /// <summary>The whitespace-separated fields of the output line that starts with <paramref name="first"/>.</summary>
    private static string[] Row(CommandResult result, string first) =>
        result.Output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(f => f.Length > 0 && f[0] == first)
        ?? throw new Xunit.Sdk.XunitException($"no line for {first} in:\n{result.Output}");

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
