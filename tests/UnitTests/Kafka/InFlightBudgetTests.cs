using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class InFlightBudgetTests
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);
    private static readonly TopicPartition P1 = new("qywx-recorder", 1);

    [Fact]
    public void A_partition_holds_at_most_its_byte_cap()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 10_000);

        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(600));
        Assert.Equal(AdmitResult.PartitionFull, budget.For(P0).TryReserve(500));
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(400));
        Assert.True(budget.For(P0).IsSaturated);
        Assert.Equal(1_000, budget.For(P0).Bytes);
        Assert.Equal(2, budget.For(P0).Messages);

        // Other partitions are not affected.
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(900));
        Assert.False(budget.For(P1).IsSaturated);
    }

    [Fact]
    public void The_global_byte_budget_refuses_more_until_bytes_are_released()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 1_500);

        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(1_000));
        Assert.Equal(AdmitResult.BudgetFull, budget.For(P1).TryReserve(600));
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(500));
        Assert.True(budget.IsGloballySaturated);
        Assert.Equal((2, 1_500L), budget.Totals);

        budget.For(P0).Release(1_000);
        Assert.False(budget.IsGloballySaturated);
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(500));
        Assert.Equal((2, 1_000L), budget.Totals);
    }

    [Fact]
    public void A_message_larger_than_the_whole_budget_is_admitted_alone()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 2_000);
        budget.For(P1).TryReserve(10);

        Assert.Equal(AdmitResult.BudgetFull, budget.For(P0).TryReserve(5_000));

        budget.For(P1).Release(10);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(5_000));
        Assert.True(budget.IsGloballySaturated);
        Assert.True(budget.For(P0).IsSaturated);
        Assert.Equal(AdmitResult.PartitionFull, budget.For(P0).TryReserve(1));
        Assert.Equal(AdmitResult.BudgetFull, budget.For(P1).TryReserve(1));

        budget.For(P0).Release(5_000);
        Assert.Equal((0, 0L), budget.Totals);
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(1));
    }

    [Fact]
    public void A_message_larger_than_the_partition_cap_is_admitted_alone_in_its_partition()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 10_000);
        budget.For(P0).TryReserve(10);

        Assert.Equal(AdmitResult.PartitionFull, budget.For(P0).TryReserve(3_000));
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(3_000));

        budget.For(P0).Release(10);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(3_000));
    }

    [Fact]
    public void A_partition_is_below_its_resume_mark_at_half_its_byte_cap()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 10_000);
        budget.For(P0).TryReserve(600);
        Assert.False(budget.For(P0).IsBelowResumeMark);

        budget.For(P0).Release(600);
        budget.For(P0).TryReserve(500);
        Assert.True(budget.For(P0).IsBelowResumeMark);
        Assert.True(budget.For(P1).IsBelowResumeMark);
    }

    [Fact]
    public void The_budget_is_below_its_resume_mark_at_half_its_bytes()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 1_000, maxBytes: 1_000);
        budget.For(P0).TryReserve(600);
        budget.For(P1).TryReserve(400);
        Assert.False(budget.IsBelowGlobalResumeMark);

        budget.For(P0).Release(600);
        Assert.True(budget.IsBelowGlobalResumeMark);
    }

    private const long Large = InFlightBudget.LargeMessageBytes;

    [Fact]
    public void Large_messages_share_a_smaller_budget_while_small_ones_still_fit_in_the_whole()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 10 * Large, maxBytes: 10 * Large, maxLargeBytes: 3 * Large);

        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(2 * Large));
        Assert.Equal(AdmitResult.BudgetFull, budget.For(P1).TryReserve(2 * Large));
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(Large));
        Assert.Equal(3 * Large, budget.LargeBytes);

        // Small messages are held to the whole budget only.
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(Large - 1));
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(Large - 1));
        Assert.False(budget.IsGloballySaturated);

        budget.For(P0).Release(2 * Large);
        Assert.Equal(Large, budget.LargeBytes);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(2 * Large));
        Assert.Equal((4, (5 * Large) - 2L), budget.Totals);
    }

    [Fact]
    public void A_large_message_above_the_large_budget_is_admitted_when_no_other_large_one_is_held()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 100 * Large, maxBytes: 100 * Large, maxLargeBytes: 2 * Large);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(10));
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(Large));

        Assert.Equal(AdmitResult.BudgetFull, budget.For(P1).TryReserve(5 * Large));

        budget.For(P0).Release(Large);
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(5 * Large));
        Assert.Equal(AdmitResult.BudgetFull, budget.For(P0).TryReserve(Large));
    }

    [Fact]
    public void A_large_message_refused_by_the_whole_budget_takes_nothing_from_the_large_one()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 3 * Large, maxBytes: 3 * Large, maxLargeBytes: 3 * Large);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(Large - 1));
        }

        Assert.Equal(AdmitResult.BudgetFull, budget.For(P1).TryReserve(Large));
        Assert.Equal(0, budget.LargeBytes);
        Assert.Equal((3, (3 * Large) - 3), budget.Totals);

        budget.For(P0).Release(Large - 1);
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(Large));
        Assert.Equal(Large, budget.LargeBytes);
    }

    [Fact]
    public void Large_messages_are_below_their_resume_mark_at_half_their_budget_or_when_none_is_held()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 100 * Large, maxBytes: 100 * Large, maxLargeBytes: 4 * Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(2 * Large));
        Assert.Equal(AdmitResult.Admitted, budget.For(P1).TryReserve(Large));
        Assert.False(budget.IsLargeBelowResumeMark);
        Assert.False(budget.IsBelowGlobalResumeMark);

        budget.For(P1).Release(Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.True(budget.IsBelowGlobalResumeMark);

        budget.For(P0).Release(2 * Large);
        Assert.Equal(AdmitResult.Admitted, budget.For(P0).TryReserve(3 * Large));
        Assert.False(budget.IsLargeBelowResumeMark);
        budget.For(P0).Release(3 * Large);
        Assert.True(budget.IsLargeBelowResumeMark);
        Assert.Equal(0, budget.LargeBytes);
    }

    [Fact]
    public void The_large_budget_is_never_larger_than_the_whole()
    {
        var budget = new InFlightBudget(maxBytesPerPartition: 2 * Large, maxBytes: 2 * Large, maxLargeBytes: 10 * Large);
        Assert.Equal(2 * Large, budget.MaxLargeBytes);
    }

    [Fact]
    public void Giving_back_what_was_never_taken_is_a_bug()
    {
        var budget = new InFlightBudget(1, 1);
        Assert.Throws<InvalidOperationException>(() => budget.For(P0).Release(1));

        var large = new InFlightBudget(maxBytesPerPartition: 2 * Large, maxBytes: 2 * Large);
        large.For(P0).TryReserve(10);
        Assert.Throws<InvalidOperationException>(() => large.For(P0).Release(Large));
        Assert.Equal((1, 10L), large.Totals);
    }
}

public class InFlightBudgetConcurrencyTests
{
    [Fact]
    public async Task Concurrent_reservations_across_partitions_never_overspend_and_add_up_to_nothing_at_the_end()
    {
        const long max = 10_000;
        var budget = new InFlightBudget(maxBytesPerPartition: 4_000, maxBytes: max);
        long peak = 0;
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var partition = new TopicPartition("qywx-recorder", worker);
            for (var i = 0; i < 20_000; i++)
            {
                var bytes = 100 + ((i * 37) % 900);
                if (budget.For(partition).TryReserve(bytes) != AdmitResult.Admitted)
                {
                    continue;
                }

                Interlocked.Increment(ref admitted);
                var total = budget.Totals.Bytes;
                long seen;
                while (total > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, total, seen) != seen)
                {
                }

                budget.For(partition).Release(bytes);
            }
        })));

        Assert.True(admitted > 0);
        Assert.InRange(peak, 1, max);
        Assert.Equal((0, 0L), budget.Totals);
    }
}
