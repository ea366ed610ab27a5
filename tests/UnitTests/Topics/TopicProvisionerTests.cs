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
        ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000", ["max.message.bytes"] = "6291456",
    };

    private static readonly Dictionary<string, string> GoodDeadLetterConfigs = new()
    {
        ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000", ["max.message.bytes"] = "6356992",
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
        var deadLetter = Assert.Single(created, s => s.Name == DeadLetter);
        Assert.Equal(4, deadLetter.NumPartitions);
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
                [Topic] = new() { ["cleanup.policy"] = "compact", ["retention.ms"] = "86400000", ["max.message.bytes"] = "1048588" },
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
                [Topic] = new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["max.message.bytes"] = "10485760" },
                [DeadLetter] = new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "1209600000", ["max.message.bytes"] = "6356992" },
            },
            brokerConfigs: GoodBrokerConfigs);

        var findings = await new TopicProvisioner(_admin, Timeout).CheckAsync(_requirements);

        Assert.DoesNotContain(findings, f => f.IsProblem);
    }

    [Fact]
    public async Task Broker_settings_below_the_large_message_minimums_are_reported()
    {
        GivenMetadata(brokers: 1, (Topic, 24, 1), (DeadLetter, 4, 1));
        GivenConfigs(
            topicConfigs: new() { [Topic] = GoodTopicConfigs, [DeadLetter] = GoodDeadLetterConfigs },
            brokerConfigs: new() { ["message.max.bytes"] = "1048588", ["replica.fetch.max.bytes"] = "1048576" });

        var findings = await new TopicProvisioner(_admin, Timeout)
            .CheckAsync(TopicRequirement.ForRecorder(Topic, DeadLetter, new TopicOptions { ReplicationFactor = 1 }));

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
