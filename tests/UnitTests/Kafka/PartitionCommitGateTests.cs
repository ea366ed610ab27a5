using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class PartitionCommitGateTests
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);

    private static PartitionCommitGate GateWith(params long[] offsets)
    {
        var gate = new PartitionCommitGate(P0);
        foreach (var offset in offsets)
        {
            Assert.True(gate.TryTrack(offset));
        }

        return gate;
    }

    [Fact]
    public void Nothing_is_committable_before_the_first_received_offset_is_done()
    {
        var gate = GateWith(0, 1, 2);

        Assert.True(gate.TryComplete(1));
        Assert.True(gate.TryComplete(2));

        Assert.Null(gate.CommittableOffset);
        Assert.Equal(2, gate.Backlog);
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public void Out_of_order_completion_commits_only_the_done_prefix()
    {
        var gate = GateWith(0, 1, 2, 3, 4);

        gate.TryComplete(3);
        gate.TryComplete(0);
        Assert.Equal(1, gate.CommittableOffset);

        gate.TryComplete(2);
        Assert.Equal(1, gate.CommittableOffset);

        gate.TryComplete(1);
        Assert.Equal(4, gate.CommittableOffset);
        Assert.Equal(0, gate.Backlog);
        Assert.Equal(1, gate.InFlight);

        gate.TryComplete(4);
        Assert.Equal(5, gate.CommittableOffset);
        Assert.Equal(0, gate.Pending);
    }

    [Fact]
    public void Gaps_between_received_offsets_do_not_block_the_commit()
    {
        // 12-14 and 16-19 never arrive (transaction markers, compaction).
        var gate = GateWith(10, 11, 15, 20);

        gate.TryComplete(15);
        gate.TryComplete(10);
        Assert.Equal(11, gate.CommittableOffset);

        gate.TryComplete(11);
        Assert.Equal(16, gate.CommittableOffset);

        gate.TryComplete(20);
        Assert.Equal(21, gate.CommittableOffset);
    }

    [Fact]
    public void The_commit_stops_right_after_the_last_done_offset_before_a_gap()
    {
        var gate = GateWith(10, 11, 15, 20);

        gate.TryComplete(10);
        gate.TryComplete(11);
        gate.TryComplete(20);

        // 15 is in flight: commit 12, never 15 or 16, so 15 is read again after a restart.
        Assert.Equal(12, gate.CommittableOffset);
        Assert.Equal(1, gate.Backlog);
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public void Completions_of_offsets_never_received_are_ignored()
    {
        var gate = GateWith(10, 11, 15, 20);

        Assert.False(gate.TryComplete(12)); // inside a gap
        Assert.False(gate.TryComplete(9)); // before the first
        Assert.False(gate.TryComplete(21)); // after the last
        Assert.Null(gate.CommittableOffset);
        Assert.Equal(4, gate.InFlight);
    }

    [Fact]
    public void Duplicate_completions_are_ignored()
    {
        var gate = GateWith(10, 11, 15);

        Assert.True(gate.TryComplete(11));
        Assert.False(gate.TryComplete(11));
        Assert.Equal(1, gate.Backlog);

        Assert.True(gate.TryComplete(10));
        Assert.False(gate.TryComplete(10)); // already committable
        Assert.Equal(12, gate.CommittableOffset);
        Assert.Equal(0, gate.Backlog);
    }

    [Fact]
    public void Offsets_not_after_the_last_received_one_are_refused()
    {
        var gate = GateWith(5, 7);

        Assert.False(gate.TryTrack(7));
        Assert.False(gate.TryTrack(6));
        Assert.True(gate.TryTrack(8));
        Assert.Equal(8, gate.LastReceivedOffset);
        Assert.Equal(3, gate.Pending);
    }

    [Fact]
    public void Completing_by_sequence_checks_the_offset()
    {
        var gate = new PartitionCommitGate(P0);
        gate.TryTrack(40, out var first);
        gate.TryTrack(42, out var second);

        Assert.False(gate.TryComplete(second, 41));
        Assert.True(gate.TryComplete(second, 42));
        Assert.True(gate.TryComplete(first, 40));
        Assert.False(gate.TryComplete(first, 40));
        Assert.Equal(43, gate.CommittableOffset);
    }

    [Fact]
    public void The_window_grows_past_its_initial_capacity()
    {
        var gate = new PartitionCommitGate(P0, initialCapacity: 4);
        for (long offset = 0; offset < 1_000; offset++)
        {
            gate.TryTrack(offset * 3);
        }

        // Complete newest first: nothing is committable until the oldest is done.
        for (long offset = 999; offset >= 1; offset--)
        {
            Assert.True(gate.TryComplete(offset * 3));
        }

        Assert.Null(gate.CommittableOffset);
        Assert.Equal(999, gate.Backlog);

        gate.TryComplete(0);
        Assert.Equal((999 * 3) + 1, gate.CommittableOffset);
        Assert.Equal(0, gate.Pending);
    }

    [Fact]
    public void Matches_a_straightforward_model_under_random_gaps_and_completion_order()
    {
        var random = new Random(20250101);
        for (var round = 0; round < 50; round++)
        {
            var gate = new PartitionCommitGate(P0, initialCapacity: 2);
            var received = new List<long>();
            var done = new HashSet<long>();
            long next = random.Next(0, 100);

            for (var step = 0; step < 400; step++)
            {
                if (received.Count == 0 || random.Next(3) > 0)
                {
                    next += random.Next(1, 4);
                    gate.TryTrack(next);
                    received.Add(next);
                }
                else
                {
                    var offset = received[random.Next(received.Count)];
                    Assert.Equal(!done.Contains(offset), gate.TryComplete(offset));
                    done.Add(offset);
                }

                Assert.Equal(ExpectedCommittable(received, done), gate.CommittableOffset);
            }
        }
    }

    private static long? ExpectedCommittable(List<long> received, HashSet<long> done)
    {
        long? committable = null;
        foreach (var offset in received)
        {
            if (!done.Contains(offset))
            {
                break;
            }

            committable = offset + 1;
        }

        return committable;
    }
}
