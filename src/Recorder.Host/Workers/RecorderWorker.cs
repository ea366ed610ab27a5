using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;

namespace Recorder.Host.Workers;

/// <summary>
/// Runs the gated consumer for the host's lifetime. On SIGTERM the host cancels the token; the consumer then
/// stops polling, drains in-flight work (bounded), commits and leaves the group before this returns. A consumer
/// that dies, or a dead-letter producer that can no longer produce, stops the process with exit code 1 so that
/// a supervisor restarts it instead of leaving partitions stalled behind a healthy-looking endpoint.
/// </summary>
internal sealed partial class RecorderWorker(
    GatedKafkaConsumer consumer, DeadLetterPublisher deadLetters, IHostApplicationLifetime lifetime, ILogger<RecorderWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        deadLetters.FatalError += OnDeadLetterFatal;
        try
        {
            await consumer.RunAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogConsumerFailed(ex);
            Fail();
        }
        finally
        {
            deadLetters.FatalError -= OnDeadLetterFatal;
        }
    }

    private void OnDeadLetterFatal()
    {
        LogDeadLetterFatal();
        Fail();
    }

    private void Fail()
    {
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Kafka consumer stopped on a fatal error; the recorder exits so it can be restarted")]
    private partial void LogConsumerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The dead-letter producer hit a fatal error and cannot produce again; the recorder exits so it can be restarted")]
    private partial void LogDeadLetterFatal();
}
