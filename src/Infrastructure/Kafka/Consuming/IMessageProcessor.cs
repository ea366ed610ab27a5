using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Processes one record for the gated consumer.</summary>
/// <remarks>
/// Called concurrently: up to the per-partition limit for one partition, across partitions without limit other
/// than the byte budget. An exception is treated as <see cref="ProcessOutcome.RetryLater"/>, so a processor that
/// cannot tell a poison message from an outage should dead-letter and acknowledge rather than throw. The token is
/// cancelled when the partition is lost, when a revoke or shutdown stops waiting for in-flight work, or on
/// disposal; the record is then redelivered by Kafka to whoever owns the partition next.
/// </remarks>
public interface IMessageProcessor
{
    ValueTask<ProcessOutcome> ProcessAsync(ConsumeResult<byte[], byte[]> message, CancellationToken cancellationToken);
}
