namespace Recorder.Infrastructure.Observability;

/// <summary>Rounds handed to librdkafka whose delivery is not reported yet, and the bytes of their values.</summary>
public readonly record struct ProducerBacklog(long Messages, long Bytes);
