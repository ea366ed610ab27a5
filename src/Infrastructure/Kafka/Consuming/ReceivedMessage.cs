using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>A received message, with its size and when it arrived.</summary>
internal readonly record struct ReceivedMessage(ConsumeResult<byte[], byte[]> Result, long Bytes, long ReceivedTimestamp);
