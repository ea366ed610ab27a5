using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>The callbacks the gated consumer registers on the Kafka consumer it is given.</summary>
/// <remarks>
/// Rebalance, statistics and error callbacks run on the thread that calls <c>Consume</c> or <c>Close</c>; the log
/// callback may run on librdkafka's own threads.
/// </remarks>
internal sealed record ConsumerEventHandlers(
    Func<IConsumer<byte[], byte[]>, List<TopicPartition>, IEnumerable<TopicPartitionOffset>> PartitionsAssigned,
    Action<IConsumer<byte[], byte[]>, List<TopicPartitionOffset>> PartitionsRevoked,
    Action<IConsumer<byte[], byte[]>, List<TopicPartitionOffset>> PartitionsLost,
    Action<IConsumer<byte[], byte[]>, string> Statistics,
    Action<IConsumer<byte[], byte[]>, Error> Error,
    Action<IConsumer<byte[], byte[]>, LogMessage> Log);
