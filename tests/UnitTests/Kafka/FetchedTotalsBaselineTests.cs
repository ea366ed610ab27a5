using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class FetchedTotalsBaselineTests
{
    private static ConsumerStatistics Totals(long messages, long bytes) => new([], messages, bytes);

    [Fact]
    public void Each_report_yields_what_was_fetched_since_the_previous_one()
    {
        var baseline = new FetchedTotalsBaseline();

        Assert.Equal((100L, 10_000L), baseline.Advance(Totals(100, 10_000)));
        Assert.Equal((150L, 16_000L), baseline.Advance(Totals(250, 26_000)));
        Assert.Equal((0L, 0L), baseline.Advance(Totals(250, 26_000)));
    }

    [Fact]
    public void A_total_that_fell_adds_nothing_and_counting_goes_on_from_it()
    {
        // A forgotten partition takes its share out of librdkafka's total; later fetches must still be counted.
        var baseline = new FetchedTotalsBaseline();
        baseline.Advance(Totals(500, 50_000));

        Assert.Equal((0L, 0L), baseline.Advance(Totals(300, 30_000)));
        Assert.Equal((10L, 1_000L), baseline.Advance(Totals(310, 31_000)));
    }
}
