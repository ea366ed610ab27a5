using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// Latest per-partition values pushed by the consumer. Partitions that are revoked or lost are forgotten so their
/// series disappear instead of freezing at a stale value.
/// </summary>
internal sealed class PartitionGaugeTable
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), PartitionValues> _partitions = new();

    public void SetBacklog(string topic, int partition, long backlog) => Get(topic, partition).Backlog = backlog;

    public void SetLag(string topic, int partition, long lag) => Get(topic, partition).Lag = lag;

    public void SetPaused(string topic, int partition, bool paused) => Get(topic, partition).Paused = paused ? 1 : 0;

    public void Forget(string topic, int partition) => _partitions.TryRemove((topic, partition), out _);

    public void ForgetAll() => _partitions.Clear();

    public IEnumerable<Measurement<long>> ObserveBacklog() => Observe(static v => v.Backlog);

    public IEnumerable<Measurement<long>> ObserveLag() => Observe(static v => v.Lag);

    public IEnumerable<Measurement<long>> ObservePaused() => Observe(static v => v.Paused);

    private PartitionValues Get(string topic, int partition)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return _partitions.GetOrAdd((topic, partition), static _ => new PartitionValues());
    }

    private List<Measurement<long>> Observe(Func<PartitionValues, long?> select)
    {
        var measurements = new List<Measurement<long>>(_partitions.Count);
        foreach (var ((topic, partition), values) in _partitions)
        {
            // A partition may have reported lag but not yet backlog (or the reverse); absent values are not zeros.
            if (select(values) is { } value)
            {
                measurements.Add(new Measurement<long>(
                    value,
                    new KeyValuePair<string, object?>("topic", topic),
                    new KeyValuePair<string, object?>("partition", partition)));
            }
        }

        return measurements;
    }

    private sealed class PartitionValues
    {
        private long _backlog = -1;
        private long _lag = -1;
        private long _paused = -1;

        public long? Backlog
        {
            get => Unset(Volatile.Read(ref _backlog));
            set => Volatile.Write(ref _backlog, value ?? -1);
        }

        public long? Lag
        {
            get => Unset(Volatile.Read(ref _lag));
            set => Volatile.Write(ref _lag, value ?? -1);
        }

        public long? Paused
        {
            get => Unset(Volatile.Read(ref _paused));
            set => Volatile.Write(ref _paused, value ?? -1);
        }

        private static long? Unset(long value) => value < 0 ? null : value;
    }
}
