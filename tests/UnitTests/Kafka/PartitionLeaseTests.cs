using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class PartitionLeaseTests
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);

    private static PartitionLease Lease(int maxRunning, InFlightBudget? budget = null)
    {
        var gate = new OffsetManager(TimeSpan.FromSeconds(1), 100).Assign([P0])[0].Gate;
        return new PartitionLease(P0, maxRunning, (budget ?? new InFlightBudget(1_000, 10_000)).For(P0), gate);
    }

    [Fact]
    public void An_assignment_processes_at_most_its_concurrency_limit()
    {
        using var lease = Lease(maxRunning: 2);

        Assert.True(lease.TryStartWork());
        Assert.True(lease.TryStartWork());
        Assert.False(lease.TryStartWork());

        lease.FinishWork();
        Assert.Equal(1, lease.Running);
        Assert.True(lease.TryStartWork());
    }

    [Fact]
    public void The_next_assignment_of_a_partition_has_slots_of_its_own_while_the_previous_ones_are_held()
    {
        var budget = new InFlightBudget(1_000, 10_000);
        using var previous = Lease(maxRunning: 1, budget);
        Assert.True(previous.TryStartWork());

        using var next = Lease(maxRunning: 1, budget);
        Assert.True(next.TryStartWork());
        Assert.Same(previous.Budget, next.Budget);
    }

    [Fact]
    public void Processing_slots_and_bytes_are_independent()
    {
        using var lease = Lease(maxRunning: 1);

        // Ready messages hold bytes without a slot.
        lease.Budget.TryReserve(100);
        lease.Budget.TryReserve(100);
        Assert.True(lease.TryStartWork());
        Assert.False(lease.TryStartWork());

        lease.FinishWork();
        lease.Budget.Release(100);
        Assert.Equal(1, lease.Budget.Messages);
        Assert.True(lease.TryStartWork());
    }

    [Fact]
    public void Freeing_a_slot_never_taken_is_a_bug()
    {
        using var lease = Lease(maxRunning: 1);
        Assert.Throws<InvalidOperationException>(lease.FinishWork);
        Assert.Equal(0, lease.Running);
    }
}
