using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class CooperativeRebalanceTests
{
    private const string Topic = "qywx-recorder";
    private const string Group = "qywx-recorder-group";
    private const int Partitions = 4;
    private const int PerPartitionPhase = 50;
    private const long SecondMemberCommitsBelow = 70;
    private const long SecondMemberProcessesBelow = 80;

    [Fact]
    public async Task A_joining_member_takes_only_moved_partitions_and_a_leaving_member_hands_over_its_commits()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Topics = [new TopicSpec(Topic, Partitions)],
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        using var timeout = TestTimeout.Seconds(90);
        using var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build();
        await ProducePhaseAsync(producer, timeout.Token);

        // First member alone: everything assigned, everything processed and committed.
        using var first = new GroupMember(MemberConfig(cluster), Topic, _ => Handling.ProcessAndCommit);
        first.Start(timeout.Token);
        await Wait.UntilAsync(() => first.Processed.Count == Partitions * PerPartitionPhase, "the first member has processed phase one", timeout.Token);
        Assert.Equal([RebalanceEvent.Of("assigned", [0, 1, 2, 3])], first.Events.Where(e => !e.IsEmpty));
        var eventsBeforeJoin = first.Events.Count;

        // Second member joins: it commits up to offset 70, then processes 70..79 without committing.
        using var second = new GroupMember(MemberConfig(cluster), Topic, record => record.Offset.Value switch
        {
            < SecondMemberCommitsBelow => Handling.ProcessAndCommit,
            < SecondMemberProcessesBelow => Handling.ProcessWithoutCommit,
            _ => Handling.Skip,
        });
        second.Start(timeout.Token);
        await Wait.UntilAsync(() => first.Assignment.Count == 2 && second.Assignment.Count == 2, "the partitions are split 2/2", timeout.Token);

        var firstAfterJoin = first.Events.Skip(eventsBeforeJoin).Where(e => !e.IsEmpty).ToArray();
        var moved = second.Assignment.ToArray();
        var kept = first.Assignment.ToArray();
        // Incremental: the first member gives up exactly the moved partitions and nothing else.
        Assert.Equal([RebalanceEvent.Of("revoked", moved)], firstAfterJoin);
        Assert.Equal([0, 1, 2, 3], kept.Concat(moved).Order());

        await ProducePhaseAsync(producer, timeout.Token);
        await Wait.UntilAsync(
            () => moved.All(p => second.Processed.Contains((p, SecondMemberProcessesBelow - 1))) &&
                  kept.All(p => first.Processed.Contains((p, 2 * PerPartitionPhase - 1))),
            "both members have worked through phase two", timeout.Token);

        // The second member leaves with offsets 70..79 processed but uncommitted.
        var eventsBeforeLeave = first.Events.Count;
        await second.LeaveAsync(timeout.Token);
        await Wait.UntilAsync(
            () => moved.All(p => first.Processed.Contains((p, 2 * PerPartitionPhase - 1))),
            "the first member has taken the moved partitions over to the end", timeout.Token);
        var firstAfterLeave = first.Events.Skip(eventsBeforeLeave).Where(e => !e.IsEmpty).ToArray();
        await first.LeaveAsync(timeout.Token);

        Assert.Equal([RebalanceEvent.Of("assigned", moved)], firstAfterLeave);
        Assert.Equal(
            [RebalanceEvent.Of("assigned", moved), RebalanceEvent.Of("revoked", moved)],
            second.Events.Where(e => !e.IsEmpty));

        Assert.DoesNotContain(first.Events, e => e.Kind == "lost" && !e.IsEmpty);
        foreach (var partition in moved)
        {
            // The joining member starts where the first one committed; the first resumes where the second committed.
            Assert.Equal(PerPartitionPhase, second.Processed.First(p => p.Partition == partition).Offset);
            Assert.Equal(SecondMemberCommitsBelow, second.Committed[partition]);
            Assert.Equal(SecondMemberCommitsBelow, first.Processed.Where(p => p.Partition == partition).Skip(PerPartitionPhase).First().Offset);
        }

        var all = first.Processed.Concat(second.Processed).ToArray();
        foreach (var partition in Enumerable.Range(0, Partitions))
        {
            Assert.Equal(
                Enumerable.Range(0, 2 * PerPartitionPhase).Select(o => (long)o),
                all.Where(p => p.Partition == partition).Select(p => p.Offset).Distinct().Order());
        }

        var duplicates = all.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
        var uncommittedWork = moved
            .SelectMany(p => Enumerable.Range((int)SecondMemberCommitsBelow, (int)(SecondMemberProcessesBelow - SecondMemberCommitsBelow))
                .Select(o => (p, (long)o)))
            .Order()
            .ToArray();
        Assert.Equal(uncommittedWork, duplicates);
    }

    private static ConsumerConfig MemberConfig(MockKafkaCluster cluster)
    {
        var config = SpecKafkaConfig.Consumer(cluster.BootstrapServers, Group);
        // The mock coordinator holds every join round open for session.timeout.ms - 1 s, even when all members have
        // rejoined: with the designed 30 s (docs/design.md §5.1) a cooperative join (two rounds) would take a minute.
        // The protocol is the same with shorter timings.
        config.SessionTimeoutMs = 6000;
        config.HeartbeatIntervalMs = 500;
        return config;
    }

    private static async Task ProducePhaseAsync(IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        var deliveries = Enumerable.Range(0, Partitions)
            .SelectMany(partition => Enumerable.Range(0, PerPartitionPhase).Select(n => (partition, n)))
            .Select(m => producer.ProduceAsync(
                new TopicPartition(Topic, m.partition),
                new Message<string, byte[]> { Key = $"user-{m.partition}", Value = SequencedMessages.ValueOf(m.n) },
                cancellationToken))
            .ToArray();
        var reports = await Task.WhenAll(deliveries);
        Assert.All(reports, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
    }
}
