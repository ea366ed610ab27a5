using System.Diagnostics.Metrics;

namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>
/// A counter whose label takes a small fixed set of values, kept as plain totals and published as an observable
/// counter. Recording is one interlocked add with no listener dispatch, and every series exists (at zero) from the
/// start, as Prometheus users expect for rate() and alerting.
/// </summary>
internal sealed class FixedLabelCounter
{
    private readonly KeyValuePair<string, object?>[][] _tags;
    private readonly long[] _totals;

    public FixedLabelCounter(string? labelName, params string[] labelValues)
    {
        if (labelName is null)
        {
            _tags = [[]];
        }
        else
        {
            _tags = new KeyValuePair<string, object?>[labelValues.Length][];
            for (var i = 0; i < labelValues.Length; i++)
            {
                _tags[i] = [new KeyValuePair<string, object?>(labelName, labelValues[i])];
            }
        }

        _totals = new long[_tags.Length];
    }

    public void Add(int labelIndex, long delta)
    {
        if (delta > 0)
        {
            Interlocked.Add(ref _totals[labelIndex], delta);
        }
    }

    public long Read(int labelIndex) => Interlocked.Read(ref _totals[labelIndex]);

    public IEnumerable<Measurement<long>> Observe()
    {
        var measurements = new Measurement<long>[_totals.Length];
        for (var i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<long>(Read(i), _tags[i]);
        }

        return measurements;
    }
}
