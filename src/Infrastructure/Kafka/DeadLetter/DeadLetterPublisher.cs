using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Kafka.Topics;
using Recorder.Infrastructure.Observability;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// Copies a message the recorder cannot store to the dead-letter topic and waits for the broker's
/// acknowledgement: the source message may only be acknowledged once its copy is durable.
/// </summary>
public sealed partial class DeadLetterPublisher : IDeadLetterPublisher, IAsyncDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly DeadLetterOptions _options;
    private readonly RecorderMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterPublisher> _logger;
    private int _disposed;

    public DeadLetterPublisher(string bootstrapServers, DeadLetterOptions options, RecorderMetrics metrics, TimeProvider time,
        ILogger<DeadLetterPublisher> logger, IEnumerable<KeyValuePair<string, string>>? additionalSettings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var config = KafkaProducerSettings.Build(bootstrapServers, additionalSettings, "qywx-recorder-dlq-" + Environment.MachineName);
        config.MessageMaxBytes = TopicRequirement.DeadLetterMaxMessageBytes(RoundLimits.MaxValueBytes);
        config.MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds;
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => OnClientError(error))
            .Build();
    }

    /// <summary>
    /// Raised once when the idempotent producer hits a fatal error: librdkafka fails every later produce of this
    /// instance, so the process must be restarted (the host stops with exit code 1).
    /// </summary>
    public event Action? FatalError;

    public string Topic => _options.DeadLetterTopic;

    public async Task<bool> TryPublishAsync(ConsumeResult<byte[], byte[]> source, string reason, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var headers = DeadLetterCopy.BuildHeaders(source, reason, detail, _time.GetUtcNow(), _options.InstanceName);

        var copy = new Message<byte[], byte[]> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers };
        var error = await ProduceAsync(copy, cancellationToken);
        if (error is ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge or ErrorCode.InvalidRecord)
        {
            // The copy itself can never be produced (e.g. a record that was over the limit before compression).
            // Retrying would block the partition for good, so a stub goes instead: headers and provenance, no value;
            // the original stays readable at its source offset for the topic's retention.
            LogValueOmitted(source.Topic, source.Partition.Value, source.Offset.Value, error.Value);
            headers.Add(DeadLetterHeaders.ValueOmitted, "1"u8.ToArray());
            error = await ProduceAsync(new Message<byte[], byte[]> { Key = source.Message.Key, Value = null!, Headers = headers }, cancellationToken);
        }

        if (error is not null)
        {
            _metrics.RecordDeadLetter(DeadLetterResult.Failed);
            LogNotStored(source.Topic, source.Partition.Value, source.Offset.Value, reason);
            return false;
        }

        _metrics.RecordDeadLetter(DeadLetterResult.Produced);
        LogDeadLettered(source.Topic, source.Partition.Value, source.Offset.Value, reason);
        return true;
    }

    /// <summary>Null when the broker acknowledged the record; otherwise the error (already logged).</summary>
    private async Task<ErrorCode?> ProduceAsync(Message<byte[], byte[]> message, CancellationToken cancellationToken)
    {
        try
        {
            await _producer.ProduceAsync(_options.DeadLetterTopic, message, cancellationToken);
            return null;
        }
        catch (ProduceException<byte[], byte[]> ex)
        {
            LogFailed(_options.DeadLetterTopic, ex.Error.Code, ex.Error.Reason);
            return ex.Error.Code;
        }
        catch (KafkaException ex)
        {
            LogFailed(_options.DeadLetterTopic, ex.Error.Code, ex.Error.Reason);
            return ex.Error.Code;
        }
    }

    private void OnClientError(Error error)
    {
        LogClientError(error.Code, error.Reason, error.IsFatal);
        if (error.IsFatal)
        {
            FatalError?.Invoke();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under two service types, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.Run(() => _producer.Flush(_options.DeliveryTimeout));
        _producer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Topic}[{Partition}]@{Offset}: {Reason}")]
    private partial void LogDeadLettered(string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Produce to dead-letter topic {Topic} failed: {ErrorCode} {ErrorReason}")]
    private partial void LogFailed(string topic, ErrorCode errorCode, string errorReason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-letter copy of {Topic}[{Partition}]@{Offset} ({Reason}) not stored; the message stays unacknowledged and will be retried")]
    private partial void LogNotStored(string topic, int partition, long offset, string reason);

    // Warning, not critical: the stub is the designed outcome for a record too large to copy, nothing is lost (the
    // original stays at its source offset) and no operator action is needed at once.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter copy of {Topic}[{Partition}]@{Offset} cannot be produced ({ErrorCode}); sending it without its value")]
    private partial void LogValueOmitted(string topic, int partition, long offset, ErrorCode errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter producer error {ErrorCode} (fatal: {IsFatal}): {Reason}")]
    private partial void LogClientError(ErrorCode errorCode, string reason, bool isFatal);
}
