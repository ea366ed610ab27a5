using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Observability;

namespace Recorder.UnitTests.Recording;

public sealed class RecorderConsumerObserverTests : IDisposable
{
    private readonly RecorderMetrics _metrics = new();
    private readonly RecorderConsumerObserver _observer;

    public RecorderConsumerObserverTests() => _observer = new RecorderConsumerObserver(_metrics);

    public void Dispose() => _metrics.Dispose();

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
