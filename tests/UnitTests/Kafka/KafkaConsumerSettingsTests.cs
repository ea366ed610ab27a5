using Recorder.Infrastructure.Common;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class KafkaConsumerSettingsTests
{
    private static KafkaConsumerOptions Valid() => new() { BootstrapServers = "broker-1:9092,broker-2:9092", ClientId = "recorder-a" };

    [Fact]
    public void Defaults_produce_exactly_the_specified_librdkafka_settings()
    {
        var config = KafkaConsumerSettings.BuildConfig(Valid());

        Assert.Equal("broker-1:9092,broker-2:9092", config.BootstrapServers);
        Assert.Equal("recorder-a", config.ClientId);
        Assert.Equal("qywx-recorder-group", config.GroupId);
        Assert.Equal(Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky, config.PartitionAssignmentStrategy);
        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(Confluent.Kafka.AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.Equal(30_000, config.SessionTimeoutMs);
        Assert.Equal(3_000, config.HeartbeatIntervalMs);
        Assert.Equal(600_000, config.MaxPollIntervalMs);
        Assert.Equal(50, config.FetchWaitMaxMs);
        Assert.Equal(6_291_456, config.MaxPartitionFetchBytes);
        Assert.Equal(67_108_864, config.FetchMaxBytes);
        Assert.Equal(60_000, config.StatisticsIntervalMs);
        Assert.Equal(16_384, config.QueuedMaxMessagesKbytes);
        Assert.Equal(1_000, config.QueuedMinMessages);
        Assert.Equal(10, config.FetchQueueBackoffMs);
        // Nothing else: every librdkafka setting the consumer makes is one of the above.
        Assert.Equal(17, KafkaConsumerSettings.Build(Valid()).Count);
    }

    [Fact]
    public void A_pre_fetch_queue_too_small_for_the_largest_message_is_refused()
    {
        var options = Valid();
        options.QueuedMaxMessagesKbytes = 1024;

        Assert.Contains(options.Validate(), p => p.StartsWith("QueuedMaxMessagesKbytes (1024) must hold at least one message", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 10, "QueuedMinMessages must be between 1 and 10000000 (is 0).")]
    [InlineData(10_000_001, 10, "QueuedMinMessages must be between 1 and 10000000 (is 10000001).")]
    [InlineData(1_000, -1, "FetchQueueBackoffMs must be between 0 and 300000 (is -1).")]
    [InlineData(1_000, 300_001, "FetchQueueBackoffMs must be between 0 and 300000 (is 300001).")]
    public void A_pre_fetch_count_or_backoff_out_of_librdkafkas_range_is_refused(int queuedMin, int backoffMs, string problem)
    {
        var options = Valid();
        options.QueuedMinMessages = queuedMin;
        options.FetchQueueBackoffMs = backoffMs;

        Assert.Equal(problem, Assert.Single(options.Validate()));
    }

    [Fact]
    public void The_largest_pre_fetch_count_and_backoff_librdkafka_takes_are_accepted()
    {
        var options = Valid();
        options.QueuedMinMessages = 10_000_000;
        options.FetchQueueBackoffMs = 300_000;

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void The_pre_fetch_count_and_backoff_reach_librdkafka_by_name()
    {
        var options = Valid();
        options.QueuedMinMessages = 2_500;
        options.FetchQueueBackoffMs = 0;

        var settings = KafkaConsumerSettings.Build(options);

        Assert.Equal("2500", settings["queued.min.messages"]);
        Assert.Equal("0", settings["fetch.queue.backoff.ms"]);
    }

    [Fact]
    public void The_client_id_defaults_to_the_machine_name()
    {
        var options = Valid();
        options.ClientId = null;

        Assert.Equal("qywx-recorder-" + Environment.MachineName, KafkaConsumerSettings.Build(options)["client.id"]);
    }

    [Fact]
    public void Additional_settings_are_applied_last()
    {
        var options = Valid();
        options.AdditionalSettings["security.protocol"] = "ssl";
        options.AdditionalSettings["fetch.wait.max.ms"] = "10";

        var settings = KafkaConsumerSettings.Build(options);

        Assert.Equal("ssl", settings["security.protocol"]);
        Assert.Equal("10", settings["fetch.wait.max.ms"]);
        Assert.Equal("false", settings["enable.auto.commit"], ignoreCase: true);
    }

    [Theory]
    [InlineData("enable.auto.commit")]
    [InlineData("enable.auto.offset.store")]
    [InlineData("partition.assignment.strategy")]
    [InlineData("group.id")]
    [InlineData("queued.min.messages")]
    [InlineData("fetch.queue.backoff.ms")]
    public void Settings_the_gate_relies_on_cannot_be_overridden(string key)
    {
        var options = Valid();
        options.AdditionalSettings[key] = "x";

        var problem = Assert.Single(options.Validate());
        Assert.Contains(key, problem, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => KafkaConsumerSettings.Build(options));
    }

    [Fact]
    public void Valid_defaults_have_no_problems()
    {
        Assert.Empty(Valid().Validate());
        Assert.True(new ListOptionsValidator<KafkaConsumerOptions>(o => o.Validate()).Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void The_large_records_budget_follows_a_raised_largest_record_unless_set()
    {
        var raised = Valid();
        raised.MaxMessageBytes = 8 * 1024 * 1024;
        raised.MaxInFlightBytesPerPartition = 16L * 1024 * 1024;
        raised.QueuedMaxMessagesKbytes = 16 * 1024;

        Assert.Empty(raised.Validate());
        Assert.Equal(8L * 1024 * 1024, raised.EffectiveMaxInFlightLargeBytes);

        raised.MaxInFlightLargeBytes = 6L * 1024 * 1024;
        Assert.Equal(
            "MaxInFlightLargeBytes (6291456) must be at least MaxMessageBytes (8388608).",
            Assert.Single(raised.Validate()));
        Assert.Equal(KafkaConsumerOptions.DefaultMaxMessageBytes, Valid().EffectiveMaxInFlightLargeBytes);
    }

    [Fact]
    public void Every_problem_is_reported_with_a_clear_message()
    {
        var options = new KafkaConsumerOptions
        {
            BootstrapServers = " ",
            MaxInFlightPerPartition = 0,
            MaxInFlightBytes = 1_000_000,
            MaxInFlightLargeBytes = 84_999,
            CommitEveryCompletions = 0,
            RevokeDrainTimeout = TimeSpan.FromMinutes(20),
            HeartbeatIntervalMs = 40_000,
        };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("BootstrapServers is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxInFlightPerPartition must be positive (is 0)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxInFlightBytes (1000000) must be at least MaxMessageBytes (6291456)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxInFlightBytesPerPartition (12582912) must not exceed MaxInFlightBytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxInFlightLargeBytes (84999) must be at least MaxMessageBytes (6291456)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("CommitEveryCompletions must be positive", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RevokeDrainTimeout (00:20:00) must be shorter than MaxPollIntervalMs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HeartbeatIntervalMs (40000) must be positive and below SessionTimeoutMs", StringComparison.Ordinal));
        Assert.Equal(8, problems.Count);

        var result = new ListOptionsValidator<KafkaConsumerOptions>(o => o.Validate()).Validate(null, options);
        Assert.True(result.Failed);
        Assert.Equal(problems, result.Failures);
        var thrown = Assert.Throws<InvalidOperationException>(options.EnsureValid);
        Assert.Contains("BootstrapServers is required", thrown.Message, StringComparison.Ordinal);
    }
}
