using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Topics;

/// <summary>
/// Creates the recorder's topics when missing and reports live settings that fall short of docs/design.md §4. A live
/// topic is never altered: changing partitions or retention under running consumers is an operator's decision.
/// </summary>
public sealed class TopicProvisioner(IAdminClient admin, TimeSpan requestTimeout)
{
    /// <summary>Broker settings a 6 MiB record needs for replication (documented for operators, only reported).</summary>
    private static readonly (string Name, long Minimum)[] BrokerMinimums =
    [
        ("message.max.bytes", RoundLimits.MaxValueBytes),
        ("replica.fetch.max.bytes", RoundLimits.MaxValueBytes),
        ("replica.fetch.response.max.bytes", 67_108_864),
    ];

    public Task<IReadOnlyList<TopicFinding>> EnsureAsync(IReadOnlyList<TopicRequirement> requirements) =>
        RunAsync(requirements, create: true);

    public Task<IReadOnlyList<TopicFinding>> CheckAsync(IReadOnlyList<TopicRequirement> requirements) =>
        RunAsync(requirements, create: false);

    private async Task<IReadOnlyList<TopicFinding>> RunAsync(IReadOnlyList<TopicRequirement> requirements, bool create)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var metadata = Guard("Metadata", () => admin.GetMetadata(requestTimeout));
        var live = metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .ToDictionary(t => t.Topic, StringComparer.Ordinal);

        var findings = new List<TopicFinding>();
        var missing = requirements.Where(r => !live.ContainsKey(r.Name)).ToList();
        if (missing.Count > 0 && create)
        {
            await CreateAsync(missing);
            findings.AddRange(missing.Select(r => new TopicFinding(r.Name, TopicFindingKind.Created,
                $"{r.Partitions} partitions, replication factor {r.ReplicationFactor}, {FormatConfigs(r.Configs)}")));
        }
        else
        {
            findings.AddRange(missing.Select(r => new TopicFinding(r.Name, TopicFindingKind.Missing,
                "topic does not exist (run `topics ensure`)")));
        }

        var existing = requirements.Where(r => live.ContainsKey(r.Name)).ToList();
        if (existing.Count > 0)
        {
            var configs = await DescribeAsync(existing.Select(r => new ConfigResource { Type = ResourceType.Topic, Name = r.Name }));
            foreach (var requirement in existing)
            {
                findings.AddRange(CheckTopic(requirement, live[requirement.Name], configs.GetValueOrDefault(requirement.Name)));
            }
        }

        var brokerIds = metadata.Brokers.Select(b => b.BrokerId.ToString(CultureInfo.InvariantCulture)).ToList();
        if (brokerIds.Count > 0)
        {
            var configs = await DescribeAsync(brokerIds.Select(id => new ConfigResource { Type = ResourceType.Broker, Name = id }));
            foreach (var id in brokerIds)
            {
                findings.AddRange(CheckBroker(id, configs.GetValueOrDefault(id)));
            }
        }

        return findings;
    }

    private static IEnumerable<TopicFinding> CheckTopic(TopicRequirement requirement, TopicMetadata topic, IReadOnlyDictionary<string, string>? configs)
    {
        var problems = new List<string>();
        if (topic.Partitions.Count < requirement.Partitions)
        {
            problems.Add($"partitions {topic.Partitions.Count} < {requirement.Partitions}");
        }

        var replication = topic.Partitions.Count == 0 ? 0 : topic.Partitions.Min(p => p.Replicas.Length);
        if (replication < requirement.ReplicationFactor)
        {
            problems.Add($"replication factor {replication} < {requirement.ReplicationFactor}");
        }

        foreach (var (name, required) in requirement.Configs)
        {
            var actual = configs?.GetValueOrDefault(name);
            if (!Satisfies(name, actual, required))
            {
                problems.Add($"{name}={actual ?? "(unknown)"} (needs {Describe(name, required)})");
            }
        }

        // Checked against the live replication: more in-sync replicas required than exist refuses every acks=all write.
        if (long.TryParse(configs?.GetValueOrDefault("min.insync.replicas"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minInsync)
            && replication > 0 && minInsync > replication)
        {
            problems.Add($"min.insync.replicas={minInsync} exceeds replication factor {replication} (every acks=all write would fail)");
        }

        yield return problems.Count == 0
            ? new TopicFinding(requirement.Name, TopicFindingKind.Ok,
                $"{topic.Partitions.Count} partitions, replication factor {replication}, {FormatConfigs(requirement.Configs)}")
            : new TopicFinding(requirement.Name, TopicFindingKind.Shortfall, string.Join("; ", problems));
    }

    private static IEnumerable<TopicFinding> CheckBroker(string brokerId, IReadOnlyDictionary<string, string>? configs)
    {
        foreach (var (name, minimum) in BrokerMinimums)
        {
            var actual = configs?.GetValueOrDefault(name);
            if (!long.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
            {
                yield return new TopicFinding($"broker {brokerId}", TopicFindingKind.Shortfall,
                    $"{name}={actual ?? "(unknown)"} (needs >= {minimum})");
            }
        }
    }

    /// <summary>Sizes and retention are minimums (more is fine; -1 means unlimited); the cleanup policy must be
    /// exactly delete, since compaction would drop rounds that share a user key.</summary>
    private static bool Satisfies(string name, string? actual, string required)
    {
        if (actual is null)
        {
            return false;
        }

        if (name == "cleanup.policy")
        {
            return string.Equals(actual.Trim(), required, StringComparison.Ordinal);
        }

        return long.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && long.TryParse(required, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minimum)
            && (value >= minimum || (name == "retention.ms" && value == -1));
    }

    private static string Describe(string name, string required) => name == "cleanup.policy" ? required : ">= " + required;

    private static string FormatConfigs(IReadOnlyDictionary<string, string> configs) =>
        string.Join(", ", configs.Select(c => $"{c.Key}={c.Value}"));

    private async Task CreateAsync(IReadOnlyList<TopicRequirement> missing)
    {
        var specifications = missing.Select(r => new TopicSpecification
        {
            Name = r.Name,
            NumPartitions = r.Partitions,
            ReplicationFactor = r.ReplicationFactor,
            Configs = r.Configs.ToDictionary(c => c.Key, c => c.Value),
        });
        try
        {
            await GuardAsync("CreateTopics", async () =>
            {
                await admin.CreateTopicsAsync(specifications,
                    new CreateTopicsOptions { RequestTimeout = requestTimeout, OperationTimeout = requestTimeout });
                return true;
            });
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another instance created them between our metadata read and this request: the goal is met.
        }
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> DescribeAsync(IEnumerable<ConfigResource> resources)
    {
        var results = await GuardAsync("DescribeConfigs",
            () => admin.DescribeConfigsAsync(resources, new DescribeConfigsOptions { RequestTimeout = requestTimeout }));
        return results.ToDictionary(
            r => r.ConfigResource.Name,
            r => (IReadOnlyDictionary<string, string>)r.Entries.ToDictionary(e => e.Key, e => e.Value.Value),
            StringComparer.Ordinal);
    }

    private T Guard<T>(string api, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (KafkaException ex) when (IsUnavailable(ex.Error.Code))
        {
            throw Unavailable(api, ex);
        }
    }

    private async Task<T> GuardAsync<T>(string api, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (KafkaException ex) when (IsUnavailable(ex.Error.Code))
        {
            throw Unavailable(api, ex);
        }
    }

    private static bool IsUnavailable(ErrorCode code) =>
        code is ErrorCode.Local_UnsupportedFeature or ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut
            or ErrorCode.UnsupportedVersion or ErrorCode.InvalidRequest or ErrorCode.Local_Transport
            or ErrorCode.Local_AllBrokersDown;

    private AdminApiUnavailableException Unavailable(string api, KafkaException ex) =>
        new($"The Kafka cluster did not serve the {api} admin request within {requestTimeout.TotalSeconds:0.#} s " +
            $"({ex.Error.Code}: {ex.Error.Reason}). It may lack the admin APIs (librdkafka's mock cluster, used for " +
            "tests and the demo, has none: create its topics at start-up instead) or be unreachable.", ex);
}
