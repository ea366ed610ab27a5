using Recorder.Infrastructure.Kafka.Recording;
using Recorder.UnitTests.Kafka.Fakes;

namespace Recorder.UnitTests.Recording;

public class PartitionWarningThrottleTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly PartitionWarningThrottle _throttle;

    public PartitionWarningThrottleTests() => _throttle = new PartitionWarningThrottle(_clock, TimeSpan.FromMinutes(1));

    [Fact]
    public void One_warning_per_partition_per_interval_and_the_next_one_says_how_many_were_held_back()
    {
        Assert.True(_throttle.TryEnter("t", 0, out var first));
        Assert.False(_throttle.TryEnter("t", 0, out _));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_throttle.TryEnter("t", 0, out _));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_throttle.TryEnter("t", 0, out var next));
        Assert.Equal(0, first);
        Assert.Equal(2, next);
    }

    [Fact]
    public void Partitions_and_topics_are_throttled_separately()
    {
        Assert.True(_throttle.TryEnter("t", 0, out _));

        Assert.True(_throttle.TryEnter("t", 1, out _));
        Assert.True(_throttle.TryEnter("other", 0, out _));
        Assert.False(_throttle.TryEnter("t", 1, out _));
    }
}
