using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>Sends a copy of a message the recorder cannot store to the dead-letter topic.</summary>
public interface IDeadLetterPublisher
{
    /// <summary>True once the copy is durable; false (logged and counted) when it is not, so the source must not be acknowledged.</summary>
    Task<bool> TryPublishAsync(ConsumeResult<byte[], byte[]> source, string reason, string detail, CancellationToken cancellationToken);
}
