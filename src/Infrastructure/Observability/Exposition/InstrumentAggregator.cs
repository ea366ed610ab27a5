using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Accumulates the measurements of one instrument and renders its series.</summary>
internal abstract class InstrumentAggregator
{
    protected InstrumentAggregator(Instrument instrument, MetricType type)
    {
        Instrument = instrument;
        Type = type;
        Name = PrometheusText.SanitizeMetricName(instrument.Name);
        Help = instrument.Description;
    }

    public Instrument Instrument { get; }

    public string Name { get; }

    public string? Help { get; }

    public MetricType Type { get; }

    public abstract void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before the observable instruments are polled for a scrape.</summary>
    public virtual void BeginCollect()
    {
    }

    /// <summary>Order of publication, so that merging instruments of one name is deterministic.</summary>
    public long Sequence { get; init; }

    /// <summary>Adds the current series to <paramref name="into"/>.</summary>
    public abstract void CollectSeries(List<SeriesEntry> into);

    /// <summary>Writes one series previously collected by this aggregator.</summary>
    public abstract void WriteSeries(ExpositionWriter writer, SeriesEntry entry);
}
