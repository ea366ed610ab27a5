using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Creates the Kafka consumer the gated consumer drives, wired to its callbacks.</summary>
internal interface IKafkaConsumerFactory
{
    IConsumer<byte[], byte[]> Create(ConsumerEventHandlers handlers);
}
