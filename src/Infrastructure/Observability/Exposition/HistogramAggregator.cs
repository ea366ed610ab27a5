using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Histogram with fixed bucket bounds (the instrument's advice, else Prometheus' defaults).</summary>
internal sealed class HistogramAggregator : InstrumentAggregator
{
    public static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly double[] _bounds;
    private readonly string[] _leLabels;
    private readonly SeriesTable<HistogramSeries> _series;

    public HistogramAggregator(Instrument instrument, IEnumerable<double>? bounds)
        : base(instrument, MetricType.Histogram)
    {
        _bounds = NormalizeBounds(bounds);
        _leLabels = new string[_bounds.Length + 1];
        for (var i = 0; i < _bounds.Length; i++)
        {
            _leLabels[i] = $"le=\"{PrometheusText.FormatDouble(_bounds[i])}\"";
        }

        _leLabels[^1] = "le=\"+Inf\"";
        var bucketCount = _bounds.Length + 1;
        _series = new SeriesTable<HistogramSeries>(() => new HistogramSeries(bucketCount));
    }

    public IReadOnlyList<double> Bounds => _bounds;

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        _series.GetOrAdd(tags)?.Observe(BucketIndex(value), value);
    }

    public override void CollectSeries(List<SeriesEntry> into)
    {
        foreach (var (labels, series) in _series.Snapshot())
        {
            into.Add(new SeriesEntry(labels, this, series));
        }
    }

    public override void WriteSeries(ExpositionWriter writer, SeriesEntry entry)
    {
        var counts = new long[_bounds.Length + 1];
        var sum = ((HistogramSeries)entry.State).Read(counts);
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            writer.WriteSample(Name, "_bucket", entry.Labels, _leLabels[i], PrometheusText.FormatLong(cumulative));
        }

        // The count is the +Inf bucket by construction, so the two always agree even while measurements arrive.
        writer.WriteSample(Name, "_sum", entry.Labels, PrometheusText.FormatDouble(sum));
        writer.WriteSample(Name, "_count", entry.Labels, PrometheusText.FormatLong(cumulative));
    }

    private int BucketIndex(double value)
    {
        // Upper bounds are inclusive ("le"); a handful of bounds makes a linear scan the fastest search.
        var bounds = _bounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }

    private static double[] NormalizeBounds(IEnumerable<double>? bounds)
    {
        var normalized = (bounds ?? DefaultBounds).Where(double.IsFinite).Distinct().Order().ToArray();
        return normalized.Length == 0 ? DefaultBounds : normalized;
    }

    private sealed class HistogramSeries
    {
        private readonly long[] _counts;
        private double _sum;

        public HistogramSeries(int bucketCount) => _counts = new long[bucketCount];

        public void Observe(int bucket, double value)
        {
            Interlocked.Increment(ref _counts[bucket]);
            AtomicDouble.Add(ref _sum, value);
        }

        /// <summary>Copies per-bucket (not cumulative) counts and returns the sum.</summary>
        public double Read(long[] counts)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = Interlocked.Read(ref _counts[i]);
            }

            return Volatile.Read(ref _sum);
        }
    }
}
