using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Recording;

public sealed class RecorderConsumerObserverTests
{
    private readonly RecorderMetrics _metrics = new();
    private readonly RecorderConsumerObserver _observer;

    public RecorderConsumerObserverTests()
    {
        _observer = new RecorderConsumerObserver(_metrics);
    }

    [Fact]
    public async Task Gate_reports_of_a_partition_draining_after_its_revoke_do_not_bring_its_series_back()
    {
        _observer.PartitionsAssigned([Tp(0), Tp(1)]);
        _observer.GateStateReported(new PartitionGateSnapshot(Tp(0), 3, 5, null, null));
        _observer.GateStateReported(new PartitionGateSnapshot(Tp(1), 7, 9, null, null));

        _observer.PartitionsRevoked([Tp(1)]);
        _observer.GateStateReported(new PartitionGateSnapshot(Tp(1), 2, 4, null, null));
        var backlog = (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_commit_gate_backlog"];

        var sample = Assert.Single(backlog.Samples);
        Assert.Equal("0", sample.Labels["partition"]);
        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public void Joining_counts_partitions_once_however_often_they_are_reported()
    {
        Assert.False(_observer.HasJoinedGroup);

        _observer.PartitionsAssigned([Tp(0), Tp(1), Tp(2)]);
        _observer.PartitionsAssigned([Tp(2), Tp(3)]);

        Assert.True(_observer.HasJoinedGroup);
        Assert.Equal(4, _observer.AssignedPartitions);
    }

    [Fact]
    public void An_empty_assignment_still_means_the_member_is_in_the_group()
    {
        _observer.PartitionsAssigned([]);

        Assert.True(_observer.HasJoinedGroup);
        Assert.Equal(0, _observer.AssignedPartitions);
    }

    [Fact]
    public void Revoking_keeps_membership_but_losing_ends_it_until_the_next_assignment()
    {
        _observer.PartitionsAssigned([Tp(0), Tp(1)]);

        _observer.PartitionsRevoked([Tp(1)]);
        Assert.True(_observer.HasJoinedGroup);
        Assert.Equal(1, _observer.AssignedPartitions);

        _observer.PartitionsLost([Tp(0)]);
        Assert.False(_observer.HasJoinedGroup);
        Assert.Equal(0, _observer.AssignedPartitions);

        _observer.PartitionsAssigned([Tp(5)]);
        Assert.True(_observer.HasJoinedGroup);
    }

    private static TopicPartition Tp(int partition) => new("qywx-recorder", new Partition(partition));
}
