using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class InFlightBudgetTests
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);
    private static readonly TopicPartition P1 = new("qywx-recorder", 1);

    [Fact]
    public void A_partition_processes_at_most_its_concurrency_limit()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 2, maxBytesPerPartition: 1_000, maxBytes: 10_000);

        Assert.True(budget.TryStartWork(P0));
        Assert.True(budget.TryStartWork(P0));
        Assert.False(budget.TryStartWork(P0));

        // Other partitions have their own slots.
        Assert.True(budget.TryStartWork(P1));

        budget.FinishWork(P0);
        Assert.Equal(1, budget.RunningOf(P0));
        Assert.True(budget.TryStartWork(P0));
    }

    [Fact]
    public void A_partition_holds_at_most_its_byte_cap()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 1_000, maxBytes: 10_000);

        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 600));
        Assert.Equal(AdmitResult.PartitionFull, budget.TryReserve(P0, 500));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 400));
        Assert.True(budget.IsPartitionSaturated(P0));
        Assert.Equal(1_000, budget.ReservedBytesOf(P0));
        Assert.Equal(2, budget.ReservedMessagesOf(P0));

        // Other partitions are not affected.
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 900));
        Assert.False(budget.IsPartitionSaturated(P1));
    }

    [Fact]
    public void The_global_byte_budget_refuses_more_until_bytes_are_released()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 1_000, maxBytes: 1_500);

        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 1_000));
        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P1, 600));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 500));
        Assert.True(budget.IsGloballySaturated);
        Assert.Equal((2, 1_500L), budget.Totals);

        budget.Release(P0, 1_000);
        Assert.False(budget.IsGloballySaturated);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 500));
        Assert.Equal((2, 1_000L), budget.Totals);
    }

    [Fact]
    public void A_message_larger_than_the_whole_budget_is_admitted_alone()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 1_000, maxBytes: 2_000);
        budget.TryReserve(P1, 10);

        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P0, 5_000));

        budget.Release(P1, 10);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 5_000));
        Assert.True(budget.IsGloballySaturated);
        Assert.True(budget.IsPartitionSaturated(P0));
        Assert.Equal(AdmitResult.PartitionFull, budget.TryReserve(P0, 1));
        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P1, 1));

        budget.Release(P0, 5_000);
        Assert.Equal((0, 0L), budget.Totals);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 1));
    }

    [Fact]
    public void A_message_larger_than_the_partition_cap_is_admitted_alone_in_its_partition()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 1_000, maxBytes: 10_000);
        budget.TryReserve(P0, 10);

        Assert.Equal(AdmitResult.PartitionFull, budget.TryReserve(P0, 3_000));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 3_000));

        budget.Release(P0, 10);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 3_000));
    }

    [Fact]
    public void Processing_slots_and_bytes_are_independent()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 1, maxBytesPerPartition: 1_000, maxBytes: 10_000);

        // Ready messages hold bytes without a slot.
        budget.TryReserve(P0, 100);
        budget.TryReserve(P0, 100);
        Assert.True(budget.TryStartWork(P0));
        Assert.False(budget.TryStartWork(P0));

        budget.FinishWork(P0);
        budget.Release(P0, 100);
        Assert.Equal(1, budget.ReservedMessagesOf(P0));
        Assert.True(budget.TryStartWork(P0));
    }

    [Fact]
    public void A_partition_is_below_its_resume_mark_at_half_its_byte_cap()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 4, maxBytesPerPartition: 1_000, maxBytes: 10_000);
        budget.TryReserve(P0, 600);
        Assert.False(budget.IsPartitionBelowResumeMark(P0));

        budget.Release(P0, 600);
        budget.TryReserve(P0, 500);
        Assert.True(budget.IsPartitionBelowResumeMark(P0));
        Assert.True(budget.IsPartitionBelowResumeMark(P1));
    }

    [Fact]
    public void The_budget_is_below_its_resume_mark_at_half_its_bytes()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 1_000, maxBytes: 1_000);
        budget.TryReserve(P0, 600);
        budget.TryReserve(P1, 400);
        Assert.False(budget.IsBelowGlobalResumeMark);

        budget.Release(P0, 600);
        Assert.True(budget.IsBelowGlobalResumeMark);
    }

    private const long Large = InFlightBudget.LargeMessageBytes;

    [Fact]
    public void Large_messages_share_a_smaller_budget_while_small_ones_still_fit_in_the_whole()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 10 * Large, maxBytes: 10 * Large, maxLargeBytes: 3 * Large);

        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 2 * Large));
        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P1, 2 * Large));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, Large));
        Assert.Equal(3 * Large, budget.LargeBytes);

        // Small messages are held to the whole budget only.
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, Large - 1));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, Large - 1));
        Assert.False(budget.IsGloballySaturated);

        budget.Release(P0, 2 * Large);
        Assert.Equal(Large, budget.LargeBytes);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 2 * Large));
        Assert.Equal((4, (5 * Large) - 2L), budget.Totals);
    }

    [Fact]
    public void A_large_message_above_the_large_budget_is_admitted_when_no_other_large_one_is_held()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 100 * Large, maxBytes: 100 * Large, maxLargeBytes: 2 * Large);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 10));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, Large));

        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P1, 5 * Large));

        budget.Release(P0, Large);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, 5 * Large));
        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P0, Large));
    }

    [Fact]
    public void A_large_message_refused_by_the_whole_budget_takes_nothing_from_the_large_one()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 3 * Large, maxBytes: 3 * Large, maxLargeBytes: 3 * Large);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, Large - 1));
        }

        Assert.Equal(AdmitResult.BudgetFull, budget.TryReserve(P1, Large));
        Assert.Equal(0, budget.LargeBytes);
        Assert.Equal((3, (3 * Large) - 3), budget.Totals);

        budget.Release(P0, Large - 1);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, Large));
        Assert.Equal(Large, budget.LargeBytes);
    }

    [Fact]
    public void Large_messages_are_below_their_resume_mark_at_half_their_budget_or_when_none_is_held()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 100 * Large, maxBytes: 100 * Large, maxLargeBytes: 4 * Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 2 * Large));
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P1, Large));
        Assert.False(budget.IsLargeBelowResumeMark);
        Assert.False(budget.IsBelowGlobalResumeMark);

        budget.Release(P1, Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.True(budget.IsBelowGlobalResumeMark);

        budget.Release(P0, 2 * Large);
        Assert.Equal(AdmitResult.Admitted, budget.TryReserve(P0, 3 * Large));
        Assert.False(budget.IsLargeBelowResumeMark);
        budget.Release(P0, 3 * Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.Equal(0, budget.LargeBytes);
    }

    [Fact]
    public void The_large_budget_is_never_larger_than_the_whole()
    {
        var budget = new InFlightBudget(maxConcurrentPerPartition: 100, maxBytesPerPartition: 2 * Large, maxBytes: 2 * Large, maxLargeBytes: 10 * Large);
        Assert.Equal(2 * Large, budget.MaxLargeBytes);
    }

    [Fact]
    public void Giving_back_what_was_never_taken_is_a_bug()
    {
        var budget = new InFlightBudget(1, 1, 1);
        Assert.Throws<InvalidOperationException>(() => budget.Release(P0, 1));
        Assert.Throws<InvalidOperationException>(() => budget.FinishWork(P0));

        var large = new InFlightBudget(maxConcurrentPerPartition: 1, maxBytesPerPartition: 2 * Large, maxBytes: 2 * Large);
        large.TryReserve(P0, 10);
        Assert.Throws<InvalidOperationException>(() => large.Release(P0, Large));
        Assert.Equal((1, 10L), large.Totals);
    }
}

public class InFlightBudgetConcurrencyTests
{
    [Fact]
    public async Task Concurrent_reservations_across_partitions_never_overspend_and_add_up_to_nothing_at_the_end()
    {
        const long max = 10_000;
        var budget = new InFlightBudget(maxConcurrentPerPartition: 8, maxBytesPerPartition: 4_000, maxBytes: max);
        long peak = 0;
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var partition = new TopicPartition("qywx-recorder", worker);
            for (var i = 0; i < 20_000; i++)
            {
                var bytes = 100 + ((i * 37) % 900);
                if (budget.TryReserve(partition, bytes) != AdmitResult.Admitted)
                {
                    continue;
                }

                Interlocked.Increment(ref admitted);
                var total = budget.Totals.Bytes;
                long seen;
                while (total > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, total, seen) != seen)
                {
                }

                budget.Release(partition, bytes);
            }
        })));

        Assert.True(admitted > 0);
        Assert.InRange(peak, 1, max);
        Assert.Equal((0, 0L), budget.Totals);
    }
}
