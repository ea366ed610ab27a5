namespace Recorder.Infrastructure.Messaging;

/// <summary>Where a round's <c>occurred</c> came from (the contract's fallback chain).</summary>
public enum OccurredSource
{
    Header,
    KafkaTimestamp,
    Clock,
}
