using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// Observable instruments: whatever the callbacks report during one scrape is the whole truth for that scrape, so a
/// series that is no longer reported (a revoked partition) disappears.
/// </summary>
internal sealed class ObservedAggregator : InstrumentAggregator
{
    private readonly Lock _lock = new();
    private Dictionary<string, (LabelSet Labels, string Value)> _current = new(StringComparer.Ordinal);

    public ObservedAggregator(Instrument instrument, MetricType type)
        : base(instrument, type)
    {
    }

    public override void BeginCollect()
    {
        lock (_lock)
        {
            _current = new Dictionary<string, (LabelSet Labels, string Value)>(_current.Count, StringComparer.Ordinal);
        }
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Store(tags, PrometheusText.FormatLong(value));

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Store(tags, PrometheusText.FormatDouble(value));

    public override void CollectSeries(List<SeriesEntry> into)
    {
        lock (_lock)
        {
            foreach (var (labels, value) in _current.Values)
            {
                into.Add(new SeriesEntry(labels, this, value));
            }
        }
    }

    public override void WriteSeries(ExpositionWriter writer, SeriesEntry entry) =>
        writer.WriteSample(Name, null, entry.Labels, (string)entry.State);

    private void Store(ReadOnlySpan<KeyValuePair<string, object?>> tags, string value)
    {
        var labels = LabelSet.Create(tags);
        lock (_lock)
        {
            // Reported twice in one scrape: the later report wins.
            _current[labels.Text] = (labels, value);
        }
    }
}
