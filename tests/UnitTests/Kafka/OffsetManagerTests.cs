using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.UnitTests.Kafka.Fakes;

namespace Recorder.UnitTests.Kafka;

public class OffsetManagerTests
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);
    private static readonly TopicPartition P1 = new("qywx-recorder", 1);

    private readonly ManualTimeProvider _time = new();

    private OffsetManager Manager(int everyCompletions = 100, int intervalSeconds = 2, params TopicPartition[] assigned)
    {
        var manager = new OffsetManager(TimeSpan.FromSeconds(intervalSeconds), everyCompletions, _time);
        manager.Assign(assigned.Length == 0 ? [P0] : assigned);
        return manager;
    }

    private static TrackedOffset Track(OffsetManager manager, TopicPartition partition, long offset)
    {
        Assert.True(manager.TryTrack(partition, offset, out var tracked));
        return tracked;
    }

    private static List<TrackedOffset> TrackRange(OffsetManager manager, TopicPartition partition, long from, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Track(manager, partition, from + i))];

    [Fact]
    public void A_batch_is_due_after_the_configured_number_of_completions()
    {
        var manager = Manager(everyCompletions: 3, intervalSeconds: 3600);
        var tracked = TrackRange(manager, P0, 0, 5);

        Assert.Equal(CompletionResult.Accepted, manager.Complete(tracked[0]));
        Assert.Equal(CompletionResult.Accepted, manager.Complete(tracked[1]));
        Assert.False(manager.IsCommitDue);
        Assert.Empty(manager.TakeCommitBatch());

        Assert.Equal(CompletionResult.CommitDue, manager.Complete(tracked[2]));
        Assert.True(manager.IsCommitDue);
        Assert.Equal(TimeSpan.Zero, manager.TimeUntilCommitDue);

        var batch = manager.TakeCommitBatch();
        Assert.Equal([new TopicPartitionOffset(P0, 3)], batch);
        Assert.False(manager.IsCommitDue);
    }

    [Fact]
    public void A_batch_is_due_when_the_interval_has_passed()
    {
        var manager = Manager(everyCompletions: 100, intervalSeconds: 2);
        manager.Complete(Track(manager, P0, 7));

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(manager.IsCommitDue);
        Assert.Equal(TimeSpan.FromMilliseconds(1), manager.TimeUntilCommitDue);
        Assert.Empty(manager.TakeCommitBatch());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(manager.IsCommitDue);
        Assert.Equal([new TopicPartitionOffset(P0, 8)], manager.TakeCommitBatch());

        // Taking a batch restarts the clock.
        Assert.Equal(TimeSpan.FromSeconds(2), manager.TimeUntilCommitDue);
    }

    [Fact]
    public void Partitions_whose_offset_did_not_move_since_the_last_commit_are_left_out()
    {
        var manager = Manager(assigned: [P0, P1]);
        manager.Complete(Track(manager, P0, 0));
        manager.Complete(Track(manager, P1, 0));
        var first = manager.TakeCommitBatch(force: true);
        Assert.Equal(2, first.Count);
        manager.MarkCommitted(first);

        manager.Complete(Track(manager, P1, 1));
        Assert.Equal([new TopicPartitionOffset(P1, 2)], manager.TakeCommitBatch(force: true));
    }

    [Fact]
    public void A_batch_whose_commit_failed_is_offered_again()
    {
        var manager = Manager();
        manager.Complete(Track(manager, P0, 0));

        var failed = manager.TakeCommitBatch(force: true);
        // No MarkCommitted: the commit did not go through.
        Assert.Equal(failed, manager.TakeCommitBatch(force: true));
    }

    [Fact]
    public void Nothing_is_offered_while_the_first_offset_is_in_flight()
    {
        var manager = Manager();
        var tracked = TrackRange(manager, P0, 0, 3);
        manager.Complete(tracked[1]);
        manager.Complete(tracked[2]);

        Assert.Empty(manager.TakeCommitBatch(force: true));
        var snapshot = manager.GetSnapshot(P0)!;
        Assert.Equal(2, snapshot.Backlog);
        Assert.Equal(1, snapshot.InFlight);
        Assert.Null(snapshot.CommittableOffset);
    }

    [Fact]
    public async Task Revoke_mid_flight_waits_bounded_then_commits_the_done_prefix_only()
    {
        var manager = Manager();
        var tracked = TrackRange(manager, P0, 0, 5);
        manager.Complete(tracked[0]);
        manager.Complete(tracked[1]);
        manager.Complete(tracked[3]);

        manager.BeginRevoke([P0]);
        Assert.False(manager.TryTrack(P0, 5, out _));

        var wait = manager.WaitForInFlightAsync([P0], TimeSpan.FromSeconds(30));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(await wait);

        Assert.Equal([new TopicPartitionOffset(P0, 2)], manager.FinishRevoke([P0]));
        Assert.Empty(manager.Partitions);

        // Work that finishes after the revoke changes nothing.
        Assert.Equal(CompletionResult.Ignored, manager.Complete(tracked[2]));
        Assert.Empty(manager.TakeCommitBatch(force: true));
    }

    [Fact]
    public async Task Revoke_wait_ends_as_soon_as_the_last_in_flight_offset_is_done()
    {
        var manager = Manager();
        var tracked = TrackRange(manager, P0, 10, 3);
        manager.Complete(tracked[1]);
        manager.BeginRevoke([P0]);

        var wait = manager.WaitForInFlightAsync([P0], TimeSpan.FromSeconds(30));
        manager.Complete(tracked[0]);
        Assert.False(wait.IsCompleted);
        manager.Complete(tracked[2]);

        Assert.True(await wait);
        Assert.Equal([new TopicPartitionOffset(P0, 13)], manager.FinishRevoke([P0]));
    }

    [Fact]
    public async Task Revoke_of_a_partition_without_progress_since_its_last_commit_commits_nothing()
    {
        var manager = Manager();
        manager.Complete(Track(manager, P0, 0));
        manager.MarkCommitted(manager.TakeCommitBatch(force: true));

        manager.BeginRevoke([P0]);
        Assert.True(await manager.WaitForInFlightAsync([P0], TimeSpan.FromSeconds(1)));
        Assert.Empty(manager.FinishRevoke([P0]));
    }

    [Fact]
    public void Waiting_requires_the_partitions_to_stop_accepting_first()
    {
        var manager = Manager();
        Track(manager, P0, 0);

        var wait = manager.WaitForInFlightAsync([P0], TimeSpan.FromSeconds(1));

        Assert.True(wait.IsFaulted);
        Assert.IsType<InvalidOperationException>(wait.Exception!.InnerException);
    }

    [Fact]
    public void Lost_partitions_are_dropped_without_anything_to_commit()
    {
        var manager = Manager(assigned: [P0, P1]);
        var lostWork = Track(manager, P0, 0);
        manager.Complete(Track(manager, P1, 0));

        manager.Drop([P0]);

        Assert.Equal([P1], manager.Partitions);
        Assert.Equal(CompletionResult.Ignored, manager.Complete(lostWork));
        Assert.Equal([new TopicPartitionOffset(P1, 1)], manager.TakeCommitBatch(force: true));
    }

    [Fact]
    public void A_reassigned_partition_starts_a_fresh_gate_and_ignores_work_of_the_old_assignment()
    {
        var manager = Manager();
        var old = TrackRange(manager, P0, 100, 2);
        manager.Complete(old[0]);
        manager.BeginRevoke([P0]);
        Assert.Equal([new TopicPartitionOffset(P0, 101)], manager.FinishRevoke([P0]));

        manager.Assign([P0]);
        // The new owner reads from the committed offset again, so 101 is received again.
        var fresh = Track(manager, P0, 101);
        Assert.Equal(CompletionResult.Ignored, manager.Complete(old[1]));
        Assert.Null(manager.GetSnapshot(P0)!.CommittableOffset);

        manager.Complete(fresh);
        Assert.Equal([new TopicPartitionOffset(P0, 102)], manager.TakeCommitBatch(force: true));
    }

    [Fact]
    public void Offsets_of_unassigned_partitions_are_not_tracked()
    {
        var manager = Manager();
        Assert.False(manager.TryTrack(P1, 0, out _));
        Assert.Equal(CompletionResult.Ignored, manager.Complete(default));
    }
}

public class OffsetManagerConcurrencyTests
{
    [Fact]
    public async Task Workers_completing_different_partitions_at_once_leave_each_gate_fully_committable()
    {
        var manager = new OffsetManager(TimeSpan.FromHours(1), commitEveryCompletions: 1_000_000);
        var partitions = Enumerable.Range(0, 8).Select(p => new TopicPartition("qywx-recorder", p)).ToList();
        manager.Assign(partitions);
        var tracked = partitions.ToDictionary(p => p, p => Enumerable.Range(0, 5_000)
            .Select(offset => manager.TryTrack(p, offset * 2L, out var t) ? t : throw new InvalidOperationException("not tracked"))
            .ToList());

        // Completed in reverse, concurrently per partition: every gate must still end at its last offset + 1.
        await Task.WhenAll(partitions.Select(p => Task.Run(() =>
        {
            for (var i = tracked[p].Count - 1; i >= 0; i--)
            {
                var receipt = tracked[p][i];
                Assert.NotEqual(CompletionResult.Ignored, manager.Complete(in receipt));
            }
        })));

        var batch = manager.TakeCommitBatch(force: true);
        Assert.Equal(partitions.Count, batch.Count);
        Assert.All(batch, item => Assert.Equal(9_999, item.Offset.Value));
        Assert.All(manager.GetSnapshots(), s => Assert.Equal((0, 0), (s.Backlog, s.InFlight)));
    }
}
