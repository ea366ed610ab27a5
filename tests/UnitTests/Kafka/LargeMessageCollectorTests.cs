using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.UnitTests.Kafka.Fakes;

namespace Recorder.UnitTests.Kafka;

public sealed class LargeMessageCollectorTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Small_messages_never_start_a_collection_however_many_finish()
    {
        var collector = new LargeMessageCollector(triggerBytes: 1_000_000, _clock);

        for (var i = 0; i < 10_000; i++)
        {
            collector.Finished(InFlightBudget.LargeMessageBytes - 1);
        }

        Assert.Equal(0, collector.Collections);
    }

    [Fact]
    public void Large_messages_start_one_collection_per_trigger_worth_and_not_more_often_than_the_interval()
    {
        var collector = new LargeMessageCollector(triggerBytes: 10_000_000, _clock);
        _clock.Advance(TimeSpan.FromSeconds(1));

        collector.Finished(5_000_000);
        var beforeTrigger = collector.Collections;
        collector.Finished(5_000_000);
        var atTrigger = collector.Collections;
        collector.Finished(6_000_000);
        collector.Finished(6_000_000); // past the trigger again, but too soon after the last collection
        var tooSoon = collector.Collections;
        _clock.Advance(TimeSpan.FromSeconds(1));
        collector.Finished(5_000_000);

        Assert.Equal((0L, 1L, 1L, 2L), (beforeTrigger, atTrigger, tooSoon, collector.Collections));
    }
}
