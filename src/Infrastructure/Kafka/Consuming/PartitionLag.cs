using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Consumer lag of one partition.</summary>
public readonly record struct PartitionLag(TopicPartition Partition, long Lag);
