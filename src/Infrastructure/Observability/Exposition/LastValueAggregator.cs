using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Synchronous gauge: the last value recorded per series.</summary>
internal sealed class LastValueAggregator : InstrumentAggregator
{
    private readonly SeriesTable<NumericCell> _series = new(static () => new NumericCell());

    public LastValueAggregator(Instrument instrument)
        : base(instrument, MetricType.Gauge)
    {
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.GetOrAdd(tags)?.Set(value);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.GetOrAdd(tags)?.Set(value);

    public override void CollectSeries(List<SeriesEntry> into)
    {
        foreach (var (labels, cell) in _series.Snapshot())
        {
            into.Add(new SeriesEntry(labels, this, cell));
        }
    }

    public override void WriteSeries(ExpositionWriter writer, SeriesEntry entry) =>
        writer.WriteSample(Name, null, entry.Labels, ((NumericCell)entry.State).Format());
}
