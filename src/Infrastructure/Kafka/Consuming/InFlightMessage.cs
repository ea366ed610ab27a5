using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>A message admitted into the budget, tracked by its gate and handed to a worker.</summary>
internal sealed record InFlightMessage(
    ConsumeResult<byte[], byte[]> Result,
    TrackedOffset Tracked,
    long Bytes,
    PartitionLease Lease,
    long ReceivedTimestamp);
