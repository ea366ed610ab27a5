using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class RetryBackoffTests
{
    [Fact]
    public void The_delay_doubles_up_to_the_maximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(16), backoff.DelayAfter(5));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayAfter(6));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayAfter(1_000));
    }
}
