using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.Infrastructure.Persistence;

/// <summary>Publishes the MySQL pool's statistics to the pool gauges at a fixed interval (10 s by default).</summary>
public sealed class PoolStatisticsReporter(MySqlDataSource dataSource, RecorderMetrics metrics, IOptions<PersistenceOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PoolStatisticsInterval, time);
        try
        {
            do
            {
                var s = dataSource.Statistics;
                metrics.ReportDbPool(new DbPoolSnapshot(s.Open, s.InUse, s.Idle, s.WaitCount, TimeSpan.FromSeconds(s.WaitSeconds)));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
