namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// The series of one instrument. Lookups read an immutable array without locking; only the first measurement of a
/// new label set takes a lock and publishes a copied array.
/// </summary>
internal sealed class SeriesTable<TSeries>
    where TSeries : class
{
    /// <summary>
    /// Guards memory and scrape size against an unbounded label (a bug in a caller); measurements for further label
    /// sets are dropped.
    /// </summary>
    public const int MaxSeries = 2_000;

    private readonly Func<TSeries> _create;
    private readonly Lock _lock = new();
    private (LabelSet Labels, TSeries Series)[] _entries = [];

    public SeriesTable(Func<TSeries> create) => _create = create;

    public (LabelSet Labels, TSeries Series)[] Snapshot() => Volatile.Read(ref _entries);

    public TSeries? GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var found = Find(Volatile.Read(ref _entries), tags);
        if (found is not null)
        {
            return found;
        }

        lock (_lock)
        {
            var entries = _entries;
            found = Find(entries, tags);
            if (found is not null || entries.Length >= MaxSeries)
            {
                return found;
            }

            var series = _create();
            Volatile.Write(ref _entries, [.. entries, (LabelSet.Create(tags), series)]);
            return series;
        }
    }

    private static TSeries? Find((LabelSet Labels, TSeries Series)[] entries, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (labels, series) in entries)
        {
            if (labels.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }
}
