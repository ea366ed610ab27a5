using Confluent.Kafka;
using Confluent.Kafka.Admin;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Recorder.Infrastructure.Kafka.Topics;

namespace Recorder.UnitTests.Topics;

public sealed class TopicProvisionerTests
{
    private const string Topic = "qywx-recorder";
    private const string DeadLetter = "qywx-recorder.dlq";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly IAdminClient _admin = Substitute.For<IAdminClient>();
    private readonly IReadOnlyList<TopicRequirement> _requirements =
        TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions { ReplicationFactor = 3 });

    private static readonly Dictionary<string, string> GoodTopicConfigs = new()
    {
        ["cleanup.policy"] = "delete", ["min.insync.replicas"] = "2", ["retention.ms"] = "604800000", ["max.message.bytes"] = "6291456",
    };

    private static readonly Dictionary<string, string> GoodDeadLetterConfigs = new()
    {
        ["cleanup.policy"] = "delete", ["min.insync.replicas"] = "2", ["retention.ms"] = "2592000000", ["max.message.bytes"] = "6356992",
    };

    private static readonly Dictionary<string, string> GoodBrokerConfigs = new()
    {
        ["message.max.bytes"] = "6291456", ["replica.fetch.max.bytes"] = "6291456",
        ["replica.fetch.response.max.bytes"] = "67108864",
    };

    [Fact]
    public async Task Ensure_creates_missing_topics_with_required_settings()
    {
        GivenMetadata(brokers: 3);
        GivenConfigs(brokerConfigs: GoodBrokerConfigs);
        List<TopicSpecification>? created = null;
        _admin.CreateTopicsAsync(Arg.Do<IEnumerable<TopicSpecification>>(s => created = s.ToList()), Arg.Any<CreateTopicsOptions>())
            .Returns(Task.CompletedTask);

        var findings = await new TopicProvisioner(_admin, Timeout).EnsureAsync(_requirements);

        Assert.NotNull(created);
        var main = Assert.Single(created, s => s.Name == Topic);
        Assert.Equal(24, main.NumPartitions);
        Assert.Equal(3, main.ReplicationFactor);
        Assert.Equal("delete", main.Configs["cleanup.policy"]);
        Assert.Equal("604800000", main.Configs["retention.ms"]);
        Assert.Equal("6291456", main.Configs["max.message.bytes"]);
        Assert.Equal("2", main.Configs["min.insync.replicas"]);
        var deadLetter = Assert.Single(created, s => s.Name == DeadLetter);
        Assert.Equal(4, deadLetter.NumPartitions);
        Assert.Equal(3, deadLetter.ReplicationFactor);
        Assert.Equal("delete", deadLetter.Configs["cleanup.policy"]);
        Assert.Equal("2", deadLetter.Configs["min.insync.replicas"]);
        Assert.Equal("2592000000", deadLetter.Configs["retention.ms"]); // 30 days: time to fix the cause and replay
        Assert.Equal("6356992", deadLetter.Configs["max.message.bytes"]); // room for the dlq_* headers
        Assert.Equal(2, findings.Count(f => f.Kind == TopicFindingKind.Created));
        Assert.DoesNotContain(findings, f => f.IsProblem);
    }

    [Fact]
    public async Task Check_reports_missing_topics_without_creating_them()
    {
        GivenMetadata(brokers: 1);
        GivenConfigs(brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).CheckAsync(_requirements);

        await _admin.DidNotReceiveWithAnyArgs().CreateTopicsAsync(default!, default);
        Assert.Equal([Topic, DeadLetter], findings.Where(f => f.Kind == TopicFindingKind.Missing).Select(f => f.Subject));
    }

    [Fact]
    public async Task Live_topic_that_falls_short_is_reported_and_left_alone()
    {
        GivenMetadata(brokers: 3, (Topic, 12, 1), (DeadLetter, 4, 3));
        GivenConfigs(
            topicConfigs: new()
            {
                [Topic] = new() { ["cleanup.policy"] = "compact", ["min.insync.replicas"] = "2", ["retention.ms"] = "86400000", ["max.message.bytes"] = "1048588" },
                [DeadLetter] = GoodDeadLetterConfigs,
            },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).EnsureAsync(_requirements);

        await _admin.DidNotReceiveWithAnyArgs().CreateTopicsAsync(default!, default);
        var shortfall = Assert.Single(findings, f => f.Kind == TopicFindingKind.Shortfall);
        Assert.Equal(Topic, shortfall.Subject);
        Assert.Contains("partitions 12 < 24", shortfall.Detail, StringComparison.Ordinal);
        Assert.Contains("replication factor 1 < 3", shortfall.Detail, StringComparison.Ordinal);
        Assert.Contains("cleanup.policy=compact", shortfall.Detail, StringComparison.Ordinal);
        Assert.Contains("retention.ms=86400000", shortfall.Detail, StringComparison.Ordinal);
        Assert.Contains("max.message.bytes=1048588", shortfall.Detail, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Kind == TopicFindingKind.Ok && f.Subject == DeadLetter);
    }

    [Fact]
    public async Task Longer_or_unlimited_retention_and_larger_sizes_are_fine()
    {
        GivenMetadata(brokers: 3, (Topic, 48, 3), (DeadLetter, 4, 3));
        GivenConfigs(
            topicConfigs: new()
            {
                [Topic] = new() { ["cleanup.policy"] = "delete", ["min.insync.replicas"] = "3", ["retention.ms"] = "-1", ["max.message.bytes"] = "10485760" },
                [DeadLetter] = new() { ["cleanup.policy"] = "delete", ["min.insync.replicas"] = "2", ["retention.ms"] = "5184000000", ["max.message.bytes"] = "6356992" },
            },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).CheckAsync(_requirements);

        Assert.DoesNotContain(findings, f => f.IsProblem);
    }

    [Fact]
    public async Task Ensure_on_a_single_broker_creates_both_topics_with_one_in_sync_replica()
    {
        GivenMetadata(brokers: 1);
        GivenConfigs(brokerConfigs: GoodBrokerConfigs);
        List<TopicSpecification>? created = null;
        _admin.CreateTopicsAsync(Arg.Do<IEnumerable<TopicSpecification>>(s => created = s.ToList()), Arg.Any<CreateTopicsOptions>())
            .Returns(Task.CompletedTask);

        await new TopicProvisioner(_admin, Timeout)
            .EnsureAsync(TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions { ReplicationFactor = 1, MinInsyncReplicas = 1 }));

        Assert.NotNull(created);
        Assert.All(created, s => Assert.Equal(1, s.ReplicationFactor));
        Assert.All(created, s => Assert.Equal("1", s.Configs["min.insync.replicas"]));
    }

    [Fact]
    public async Task Min_insync_replicas_below_the_requirement_is_reported_on_both_topics()
    {
        // A cluster whose default is 1 reports 1 for a topic without its own setting: acks=all would then be
        // acknowledged by the leader alone.
        GivenMetadata(brokers: 3, (Topic, 24, 3), (DeadLetter, 4, 3));
        GivenConfigs(
            topicConfigs: new()
            {
                [Topic] = new(GoodTopicConfigs) { ["min.insync.replicas"] = "1" },
                [DeadLetter] = new(GoodDeadLetterConfigs) { ["min.insync.replicas"] = "1" },
            },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).EnsureAsync(_requirements);

        await _admin.DidNotReceiveWithAnyArgs().CreateTopicsAsync(default!, default);
        var shortfalls = findings.Where(f => f.Kind == TopicFindingKind.Shortfall).ToList();
        Assert.Equal([Topic, DeadLetter], shortfalls.Select(f => f.Subject));
        Assert.All(shortfalls, f => Assert.Equal("min.insync.replicas=1 (needs >= 2)", f.Detail));
    }

    [Fact]
    public async Task Min_insync_replicas_above_the_live_replication_is_reported()
    {
        GivenMetadata(brokers: 3, (Topic, 24, 2), (DeadLetter, 4, 3));
        GivenConfigs(
            topicConfigs: new() { [Topic] = new(GoodTopicConfigs) { ["min.insync.replicas"] = "3" }, [DeadLetter] = GoodDeadLetterConfigs },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout)
            .CheckAsync(TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions { ReplicationFactor = 2 }));

        var shortfall = Assert.Single(findings, f => f.Kind == TopicFindingKind.Shortfall);
        Assert.Equal(Topic, shortfall.Subject);
        Assert.Contains("min.insync.replicas=3 exceeds replication factor 2", shortfall.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("604800000", "6356992", "retention.ms=604800000 (needs >= 2592000000)")] // the source topic's 7 days
    [InlineData("2592000000", "6291456", "max.message.bytes=6291456 (needs >= 6356992)")] // no room for dlq_* headers
    public async Task Dead_letter_topic_with_short_retention_or_no_header_room_is_reported_and_left_alone(
        string retentionMs, string maxMessageBytes, string expected)
    {
        GivenMetadata(brokers: 3, (Topic, 24, 3), (DeadLetter, 4, 3));
        GivenConfigs(
            topicConfigs: new()
            {
                [Topic] = GoodTopicConfigs,
                [DeadLetter] = new(GoodDeadLetterConfigs) { ["retention.ms"] = retentionMs, ["max.message.bytes"] = maxMessageBytes },
            },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).EnsureAsync(_requirements);

        await _admin.DidNotReceiveWithAnyArgs().CreateTopicsAsync(default!, default);
        await _admin.DidNotReceiveWithAnyArgs().AlterConfigsAsync(default!, default);
        await _admin.DidNotReceiveWithAnyArgs().IncrementalAlterConfigsAsync(default!, default);
        var shortfall = Assert.Single(findings, f => f.Kind == TopicFindingKind.Shortfall);
        Assert.Equal(DeadLetter, shortfall.Subject);
        Assert.Equal(expected, shortfall.Detail);
        Assert.Single(findings, f => f.Kind == TopicFindingKind.Ok && f.Subject == Topic);
    }

    [Fact]
    public void Dead_letter_topic_takes_every_record_the_dead_letter_producer_may_send()
    {
        var deadLetter = TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions())[1];

        Assert.Equal(
            TopicRequirement.DeadLetterMaxMessageBytes(Recorder.Domain.Conversations.RoundLimits.MaxValueBytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            deadLetter.Configs["max.message.bytes"]);
    }

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(1, 1, true)]
    [InlineData(1, 2, false)] // a single broker cannot hold two in-sync replicas: every acks=all write would fail
    [InlineData(3, 0, false)]
    public void Min_insync_replicas_must_fit_the_replication_factor(short replication, short minInsync, bool valid)
    {
        var problems = new TopicOptions { ReplicationFactor = replication, MinInsyncReplicas = minInsync }.Validate();

        Assert.Equal(valid, problems.Count == 0);
        Assert.All(problems, p => Assert.StartsWith("Topics:MinInsyncReplicas", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broker_settings_below_the_large_message_minimums_are_reported()
    {
        GivenMetadata(brokers: 1, (Topic, 24, 1), (DeadLetter, 4, 1));
        GivenConfigs(
            topicConfigs: new()
            {
                [Topic] = new(GoodTopicConfigs) { ["min.insync.replicas"] = "1" },
                [DeadLetter] = new(GoodDeadLetterConfigs) { ["min.insync.replicas"] = "1" },
            },
            brokerConfigs: new() { ["message.max.bytes"] = "1048588", ["replica.fetch.max.bytes"] = "1048576" });

        var findings = await new TopicProvisioner(_admin, Timeout)
            .CheckAsync(TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions { ReplicationFactor = 1, MinInsyncReplicas = 1 }));

        var broker = findings.Where(f => f.Subject == "broker 0").Select(f => f.Detail).ToList();
        Assert.Equal(3, broker.Count);
        Assert.Contains(broker, d => d.StartsWith("message.max.bytes=1048588", StringComparison.Ordinal));
        Assert.Contains(broker, d => d.StartsWith("replica.fetch.max.bytes=1048576", StringComparison.Ordinal));
        Assert.Contains(broker, d => d.StartsWith("replica.fetch.response.max.bytes=(unknown)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_without_admin_apis_fails_fast_with_a_clear_message()
    {
        GivenMetadata(brokers: 1);
        _admin.CreateTopicsAsync(Arg.Any<IEnumerable<TopicSpecification>>(), Arg.Any<CreateTopicsOptions>())
            .ThrowsAsync(new KafkaException(new Error(ErrorCode.Local_UnsupportedFeature, "Broker does not support CreateTopics")));

        var ex = await Assert.ThrowsAsync<AdminApiUnavailableException>(
            () => new TopicProvisioner(_admin, Timeout).EnsureAsync(_requirements));

        Assert.Contains("CreateTopics", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Local_UnsupportedFeature", ex.Message, StringComparison.Ordinal);
    }

    private void GivenMetadata(int brokers, params (string Name, int Partitions, int Replicas)[] topics)
    {
        var brokerList = Enumerable.Range(0, brokers).Select(id => new BrokerMetadata(id, "localhost", 9092 + id)).ToList();
        var topicList = topics.Select(t => new TopicMetadata(t.Name,
            Enumerable.Range(0, t.Partitions)
                .Select(p => new PartitionMetadata(p, 0, Enumerable.Range(0, t.Replicas).ToArray(), [], new Error(ErrorCode.NoError)))
                .ToList(),
            new Error(ErrorCode.NoError))).ToList();
        _admin.GetMetadata(Arg.Any<TimeSpan>()).Returns(new Metadata(brokerList, topicList, 0, "localhost"));
    }

    private void GivenConfigs(Dictionary<string, Dictionary<string, string>>? topicConfigs = null, Dictionary<string, string>? brokerConfigs = null)
    {
        _admin.DescribeConfigsAsync(Arg.Any<IEnumerable<ConfigResource>>(), Arg.Any<DescribeConfigsOptions>())
            .Returns(call => call.Arg<IEnumerable<ConfigResource>>().Select(resource => new DescribeConfigsResult
            {
                ConfigResource = resource,
                Entries = (resource.Type == ResourceType.Broker ? brokerConfigs : topicConfigs?.GetValueOrDefault(resource.Name))?
                    .ToDictionary(e => e.Key, e => new ConfigEntryResult { Name = e.Key, Value = e.Value })
                    ?? [],
            }).ToList());
    }
}
