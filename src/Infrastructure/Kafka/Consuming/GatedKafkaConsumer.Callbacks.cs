using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Recorder.Infrastructure.Kafka.Consuming;

public sealed partial class GatedKafkaConsumer
{
    private void OnStatistics(IConsumer<byte[], byte[]> consumer, string json)
    {
        try
        {
            var statistics = ConsumerStatisticsReader.Read(json);
            foreach (var (partition, lag) in statistics.Lags)
            {
                if (_leases.ContainsKey(partition))
                {
                    _observer.ConsumerLag(partition, lag);
                }
            }

            var (messages, bytes) = _fetched.Advance(statistics);
            _observer.MessagesFetched(messages, bytes);
        }
        catch (JsonException exception)
        {
            _logger.LogWarning(exception, "Unreadable librdkafka statistics");
        }
#pragma warning disable CA1031 // An exception here would be rethrown by Consume and stop the poll loop.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogWarning(exception, "Reporting consumer statistics failed");
        }
    }

    private void OnError(IConsumer<byte[], byte[]> consumer, Error error)
    {
        if (error.IsFatal)
        {
            _fatalError = error;
            _logger.LogCritical("Fatal Kafka consumer error: {Reason} ({Code})", error.Reason, error.Code);
        }
        else
        {
            // librdkafka recovers from these by itself (broker down, transport errors, …).
            _logger.LogWarning("Kafka consumer error: {Reason} ({Code})", error.Reason, error.Code);
        }
    }

    private void OnLog(IConsumer<byte[], byte[]> consumer, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        _logger.Log(level, "librdkafka {Facility}: {Message}", message.Facility, message.Message);
    }
}
