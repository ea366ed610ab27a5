using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.Host.Workers;

/// <summary>
/// Runs the gated consumer for the host's lifetime. On SIGTERM the host cancels the token; the consumer then
/// stops polling, drains in-flight work (bounded), commits and leaves the group before this returns.
/// </summary>
internal sealed class RecorderWorker(GatedKafkaConsumer consumer) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => consumer.RunAsync(stoppingToken);
}
