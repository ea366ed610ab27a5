namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Observer that records nothing.</summary>
public sealed class NullConsumerObserver : IConsumerObserver
{
    public static NullConsumerObserver Instance { get; } = new();
}
