using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Kafka.Fakes;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Recording;

public sealed class RecorderConsumerObserverTests
{
    private readonly RecorderMetrics _metrics = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly RecorderConsumerObserver _observer;

    public RecorderConsumerObserverTests()
    {
        _observer = new RecorderConsumerObserver(_metrics, _clock);
    }

    [Fact]
    public async Task Lag_in_seconds_is_the_age_of_the_newest_finished_record_while_there_is_lag_and_zero_when_caught_up()
    {
        _observer.PartitionsAssigned([Tp(0), Tp(1)]);
        var now = _clock.GetUtcNow();
        _observer.MessageAcknowledged(Tp(0), TimeSpan.FromMilliseconds(5), new Timestamp(now.AddSeconds(-90).UtcDateTime, TimestampType.CreateTime));
        _observer.MessageAcknowledged(Tp(0), TimeSpan.FromMilliseconds(5), new Timestamp(now.AddSeconds(-80).UtcDateTime, TimestampType.CreateTime));
        // An older record finishing later (processed concurrently) does not make the partition look further behind.
        _observer.MessageAcknowledged(Tp(0), TimeSpan.FromMilliseconds(5), new Timestamp(now.AddSeconds(-85).UtcDateTime, TimestampType.CreateTime));
        _observer.ConsumerLag(Tp(0), 1_500);
        _observer.MessageAcknowledged(Tp(1), TimeSpan.FromMilliseconds(5), new Timestamp(now.AddSeconds(-1).UtcDateTime, TimestampType.CreateTime));
        _observer.ConsumerLag(Tp(1), 0);

        var first = await LagSecondsAsync();
        _clock.Advance(TimeSpan.FromSeconds(60));
        _observer.ConsumerLag(Tp(0), 1_500); // no progress for a minute: the next statistics report shows it
        var stuck = await LagSecondsAsync();

        Assert.Equal(80, first["0"], 3);
        Assert.Equal(0, first["1"]);
        Assert.Equal(140, stuck["0"], 3);
    }

    [Fact]
    public async Task Lag_in_seconds_is_absent_until_known_and_goes_with_the_partition()
    {
        _observer.PartitionsAssigned([Tp(0)]);
        _observer.ConsumerLag(Tp(0), 10);
        var unknown = await LagSecondsAsync();
        _observer.MessageAcknowledged(Tp(0), TimeSpan.Zero, new Timestamp(_clock.GetUtcNow().AddSeconds(-3).UtcDateTime, TimestampType.CreateTime));
        var known = await LagSecondsAsync();
        _observer.PartitionsRevoked([Tp(0)]);
        var released = await LagSecondsAsync();

        Assert.Empty(unknown);
        Assert.Equal(3, known["0"], 3);
        Assert.Empty(released);
    }

    private async Task<Dictionary<string, double>> LagSecondsAsync()
    {
        var exposition = await Exposition.ScrapeAsync(_metrics.Registry);
        return exposition.Contains("qywx_recorder_consumer_lag_seconds")
            ? exposition["qywx_recorder_consumer_lag_seconds"].Samples.ToDictionary(s => s.Labels["partition"], s => s.Value)
            : [];
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
    public async Task Fetched_records_and_bytes_add_up_over_statistics_reports()
    {
        _observer.MessagesFetched(120, 150_000);
        _observer.MessagesFetched(30, 40_000);
        _observer.MessagesFetched(0, 0);

        var exposition = await Exposition.ScrapeAsync(_metrics.Registry);

        Assert.Equal(150, exposition["qywx_recorder_fetched_messages_total"].Samples.Single().Value);
        Assert.Equal(190_000, exposition["qywx_recorder_fetched_bytes_total"].Samples.Single().Value);
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
