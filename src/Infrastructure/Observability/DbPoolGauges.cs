using Prometheus;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// The connection pool gauges, refreshed just before every collection of the registry: from the pool source when one
/// is set (exact at scrape time), otherwise from the last pushed snapshot.
/// </summary>
internal sealed class DbPoolGauges
{
    private readonly Gauge _open;
    private readonly Gauge _inUse;
    private readonly Gauge _idle;
    private readonly Gauge _waitCount;
    private readonly Gauge _waitSeconds;
    private readonly Gauge _waitCountAlias;
    private readonly Gauge _waitSecondsAlias;
    private readonly Lock _lock = new();
    private DbPoolSnapshot _lastReported;
    private Func<DbPoolSnapshot>? _source;

    public DbPoolGauges(IMetricFactory factory, CollectorRegistry registry)
    {
        _open = factory.CreateGauge(Names.DbPoolOpen, "Open database connections.");
        _inUse = factory.CreateGauge(Names.DbPoolInUse, "Database connections in use.");
        _idle = factory.CreateGauge(Names.DbPoolIdle, "Idle database connections.");
        _waitCount = factory.CreateGauge(Names.DbPoolWaitCount, "Times a caller waited for a database connection, since start.");
        _waitSeconds = factory.CreateGauge(Names.DbPoolWaitSeconds, "Total time callers waited for a database connection, since start.");
        _waitCountAlias = factory.CreateGauge(Names.DbWaitCount, "Same as qywx_recorder_db_pool_wait_count.");
        _waitSecondsAlias = factory.CreateGauge(Names.DbWaitSeconds, "Same as qywx_recorder_db_pool_wait_seconds.");
        registry.AddBeforeCollectCallback(Refresh);
    }

    public void Report(DbPoolSnapshot snapshot)
    {
        lock (_lock)
        {
            _lastReported = snapshot;
        }
    }

    public void SetSource(Func<DbPoolSnapshot>? source) => Volatile.Write(ref _source, source);

    private void Refresh()
    {
        var pool = Read();
        _open.Set(pool.Open);
        _inUse.Set(pool.InUse);
        _idle.Set(pool.Idle);
        _waitCount.Set(pool.WaitCount);
        _waitSeconds.Set(pool.WaitTime.TotalSeconds);
        _waitCountAlias.Set(pool.WaitCount);
        _waitSecondsAlias.Set(pool.WaitTime.TotalSeconds);
    }

    private DbPoolSnapshot Read()
    {
        if (Volatile.Read(ref _source) is { } source)
        {
            try
            {
                return source();
            }
#pragma warning disable CA1031 // A failing probe must not break the whole scrape; the last pushed state is shown instead.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        lock (_lock)
        {
            return _lastReported;
        }
    }
}
