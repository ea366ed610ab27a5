using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Builds a Confluent.Kafka consumer with the settings of <see cref="KafkaConsumerSettings"/>.</summary>
internal sealed class ConfluentConsumerFactory(KafkaConsumerOptions options) : IKafkaConsumerFactory
{
    public IConsumer<byte[], byte[]> Create(ConsumerEventHandlers handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return new ConsumerBuilder<byte[], byte[]>(KafkaConsumerSettings.BuildConfig(options))
            .SetPartitionsAssignedHandler(handlers.PartitionsAssigned)
            .SetPartitionsRevokedHandler(handlers.PartitionsRevoked)
            .SetPartitionsLostHandler(handlers.PartitionsLost)
            .SetStatisticsHandler(handlers.Statistics)
            .SetErrorHandler(handlers.Error)
            .SetLogHandler(handlers.Log)
            .Build();
    }
}
