using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Point-in-time state of one partition's commit gate.</summary>
/// <param name="Backlog">Offsets done but waiting behind an earlier offset that is not.</param>
/// <param name="InFlight">Received offsets not done yet.</param>
/// <param name="CommittableOffset">Offset that may be committed now, if any.</param>
/// <param name="LastCommittedOffset">Offset last committed by this consumer, if any.</param>
public sealed record PartitionGateSnapshot(
    TopicPartition Partition,
    int Backlog,
    int InFlight,
    long? CommittableOffset,
    long? LastCommittedOffset);
