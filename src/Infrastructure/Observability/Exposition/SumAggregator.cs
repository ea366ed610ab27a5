using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Counter (monotonic, negative increments ignored) or up-down counter (rendered as a gauge).</summary>
internal sealed class SumAggregator : InstrumentAggregator
{
    private readonly bool _monotonic;
    private readonly SeriesTable<NumericCell> _series = new(static () => new NumericCell());

    public SumAggregator(Instrument instrument, bool monotonic)
        : base(instrument, monotonic ? MetricType.Counter : MetricType.Gauge)
    {
        _monotonic = monotonic;
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_monotonic && value < 0)
        {
            return;
        }

        _series.GetOrAdd(tags)?.Add(value);
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value) || (_monotonic && value < 0))
        {
            return;
        }

        _series.GetOrAdd(tags)?.Add(value);
    }

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
