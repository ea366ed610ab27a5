using System.Diagnostics.Metrics;
using Recorder.Infrastructure.Observability;

namespace Recorder.Infrastructure.Persistence.Connections;

/// <summary>
/// The pool gauges, fed from MySqlConnector's own pool instruments (meter <c>MySqlConnector</c>) for one named
/// pool: connections in use and idle (<c>db.client.connections.usage</c>), and the count and total time of
/// connection acquisitions (<c>db.client.connections.wait_time</c>, which MySqlConnector records for every open:
/// waiting for a free connection, opening a new one, or resetting a pooled one).
/// </summary>
public sealed class MySqlPoolMeter : IDisposable
{
    private const string MeterName = "MySqlConnector";
    private const string UsageInstrument = "db.client.connections.usage";
    private const string WaitTimeInstrument = "db.client.connections.wait_time";

    private static int _pools;

    private readonly MeterListener _listener;
    private long _idle;
    private long _used;
    private long _waits;
    private long _waitTicks;

    /// <summary>Listens from now on to the pool that will be named <see cref="PoolName"/>; create it before the pool.</summary>
    public MySqlPoolMeter()
    {
        PoolName = "recorder-" + Interlocked.Increment(ref _pools).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MeterName && instrument.Name is UsageInstrument or WaitTimeInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>(OnUsage);
        _listener.SetMeasurementEventCallback<double>(OnWaitTime);
        _listener.Start();
    }

    /// <summary>The pool's name, unique in this process (hosts in one process each have their own pool).</summary>
    public string PoolName { get; }

    public DbPoolSnapshot Snapshot()
    {
        var idle = Interlocked.Read(ref _idle);
        var used = Interlocked.Read(ref _used);
        return new DbPoolSnapshot((int)(idle + used), (int)used, (int)idle, Interlocked.Read(ref _waits), TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)));
    }

    public void Dispose() => _listener.Dispose();

    private void OnUsage(Instrument instrument, int delta, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!IsOurs(tags, out var stateTag))
        {
            return;
        }

        if (stateTag == "idle")
        {
            Interlocked.Add(ref _idle, delta);
        }
        else if (stateTag == "used")
        {
            Interlocked.Add(ref _used, delta);
        }
    }

    private void OnWaitTime(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (IsOurs(tags, out _))
        {
            Interlocked.Increment(ref _waits);
            Interlocked.Add(ref _waitTicks, TimeSpan.FromSeconds(seconds).Ticks);
        }
    }

    private bool IsOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags, out string? stateTag)
    {
        var ours = false;
        stateTag = null;
        foreach (var (key, value) in tags)
        {
            if (key == "pool.name")
            {
                ours = value as string == PoolName;
            }
            else if (key == "state")
            {
                stateTag = value as string;
            }
        }

        return ours;
    }
}
