using System.Data.Common;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.Recording;

namespace Recorder.Host.Health;

/// <summary>
/// /readyz: the consumer has joined its group and is running, a broker answers, and MySQL answers. Server
/// checks are cached briefly so a tight probe interval does not become load.
/// </summary>
internal sealed class ReadinessProbe : IDisposable
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly GatedKafkaConsumer _consumer;
    private readonly RecorderConsumerObserver _observer;
    private readonly DbDataSource _dataSource;
    private readonly IAdminClient _admin;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, ReadinessReport Report)? _cached;

    public ReadinessProbe(GatedKafkaConsumer consumer, RecorderConsumerObserver observer, DbDataSource dataSource,
        IOptions<KafkaConsumerOptions> consumerOptions, IOptions<KafkaOptions> kafka, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        _consumer = consumer;
        _observer = observer;
        _dataSource = dataSource;
        _time = time;
        _admin = kafka.Value.CreateAdminClient(consumerOptions.Value.BootstrapServers);
    }

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && _time.GetUtcNow() - cached.At < CacheFor)
            {
                return cached.Report;
            }

            var report = new ReadinessReport(
                // Draining for shutdown counts as not running: new work should go to the other instances.
                ConsumerRunning: !_consumer.Completion.IsCompleted && !_lifetime.ApplicationStopping.IsCancellationRequested,
                JoinedGroup: _observer.HasJoinedGroup,
                AssignedPartitions: _observer.AssignedPartitions,
                BrokerReachable: await Task.Run(BrokerAnswers, cancellationToken),
                DatabaseReachable: await DatabaseAnswersAsync(cancellationToken));
            _cached = (_time.GetUtcNow(), report);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _admin.Dispose();
        _gate.Dispose();
    }

    private bool BrokerAnswers()
    {
        try
        {
            return _admin.GetMetadata(CheckTimeout).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private async Task<bool> DatabaseAnswersAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

internal sealed record ReadinessReport(bool ConsumerRunning, bool JoinedGroup, int AssignedPartitions, bool BrokerReachable, bool DatabaseReachable)
{
    public bool IsReady => ConsumerRunning && JoinedGroup && BrokerReachable && DatabaseReachable;
}
