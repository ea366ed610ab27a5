namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>What the consumer's metrics take from one librdkafka statistics report.</summary>
/// <param name="Lags">Partitions with a known lag.</param>
/// <param name="FetchedMessages">Records fetched from brokers since the client started (<c>rxmsgs</c>).</param>
/// <param name="FetchedBytes">Their key and value bytes after decompression (<c>rxmsg_bytes</c>; librdkafka's own
/// description says framing is included, its code counts only key and value).</param>
public sealed record ConsumerStatistics(IReadOnlyList<PartitionLag> Lags, long FetchedMessages, long FetchedBytes);
