using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Recorder.Application.Common.Metrics;
using Recorder.Infrastructure.Observability.Exposition;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// Collects the measurements of the recorder's meters through a <see cref="MeterListener"/> and renders them in the
/// Prometheus text exposition format 0.0.4, for <c>GET /metrics</c>.
/// </summary>
/// <remarks>
/// The record path (called per message by the instruments) is lock-free once a series exists: an array scan to find
/// the series and interlocked updates. Scrapes are serialised, because polling observable instruments and reading
/// what they reported is one step. Instrument and meter tags are not exported; only measurement tags become labels.
/// </remarks>
public sealed class PrometheusTextExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static readonly IReadOnlyList<string> DefaultMeterNames = [RecorderMetricNames.MeterName, ApplicationMetrics.MeterName];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HashSet<string> _meterNames;
    private readonly IMeterFactory? _scope;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();
    private readonly Lock _scrapeLock = new();
    private readonly MeterListener _listener;
    private long _published;

    /// <param name="meterNames">Meters to export; <see cref="DefaultMeterNames"/> when null.</param>
    /// <param name="meterFactory">
    /// When given, only meters created by this factory are exported, so that several hosts (or tests) in one process
    /// do not see each other's measurements. When null, meters are matched by name alone.
    /// </param>
    public PrometheusTextExporter(IEnumerable<string>? meterNames = null, IMeterFactory? meterFactory = null)
    {
        _meterNames = new HashSet<string>(meterNames ?? DefaultMeterNames, StringComparer.Ordinal);
        _scope = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, state) => _aggregators.TryRemove(instrument, out var removed),
        };
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((long)v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((long)v, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((long)v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((double)v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>The current exposition text.</summary>
    public string Render()
    {
        var builder = new StringBuilder(8 * 1024);
        lock (_scrapeLock)
        {
            var aggregators = _aggregators.Values.ToArray();
            foreach (var aggregator in aggregators)
            {
                aggregator.BeginCollect();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException)
            {
                // The listener polls every instrument before it reports callbacks that threw; one faulty callback
                // must not take the whole scrape down, its series are simply absent this time.
            }

            var writer = new ExpositionWriter(builder);
            var series = new List<SeriesEntry>();
            var written = new HashSet<string>(StringComparer.Ordinal);
            // Families sorted by name. Instruments of one name (a meter created twice) share a family: the earliest
            // published decides its type and help, and wins when both have a series with the same labels.
            foreach (var family in aggregators
                .OrderBy(a => a.Sequence)
                .GroupBy(a => a.Name, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = family.First();
                series.Clear();
                written.Clear();
                foreach (var aggregator in family.Where(a => a.Type == first.Type))
                {
                    aggregator.CollectSeries(series);
                }

                writer.WriteHeader(first.Name, first.Help, first.Type);
                foreach (var entry in series
                    .Where(e => written.Add(e.Labels.Text))
                    .OrderBy(e => e.Labels.Text, StringComparer.Ordinal))
                {
                    entry.Owner.WriteSeries(writer, entry);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>Writes the exposition text as UTF-8 (see <see cref="ContentType"/>).</summary>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Utf8NoBom.GetBytes(Render());
        await destination.WriteAsync(bytes, cancellationToken);
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!_meterNames.Contains(meter.Name) || (_scope is not null && !ReferenceEquals(meter.Scope, _scope)))
        {
            return;
        }

        var aggregator = CreateAggregator(instrument, Interlocked.Increment(ref _published));
        if (aggregator is not null && _aggregators.TryAdd(instrument, aggregator))
        {
            listener.EnableMeasurementEvents(instrument, aggregator);
        }
    }

    private static InstrumentAggregator? CreateAggregator(Instrument instrument, long sequence)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new SumAggregator(instrument, monotonic: true) { Sequence = sequence };
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new SumAggregator(instrument, monotonic: false) { Sequence = sequence };
        }

        if (definition == typeof(Histogram<>))
        {
            return new HistogramAggregator(instrument, AdvisedBounds(instrument)) { Sequence = sequence };
        }

        if (definition == typeof(Gauge<>))
        {
            return new LastValueAggregator(instrument) { Sequence = sequence };
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new ObservedAggregator(instrument, MetricType.Counter) { Sequence = sequence };
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
        {
            return new ObservedAggregator(instrument, MetricType.Gauge) { Sequence = sequence };
        }

        return null;
    }

    private static IEnumerable<double>? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        _ => null,
    };
}
