using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recorder.UnitTests.Application.Support;

/// <summary>Captures the measurements of one meter instance (not of every meter with the same name).</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Captured> Measurements { get; } = new();

    public IReadOnlyList<Captured> Of(string instrument) => [.. Measurements.Where(m => m.Instrument == instrument)];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString();
        }

        Measurements.Enqueue(new Captured(instrument.Name, value, labels));
    }

    public sealed record Captured(string Instrument, double Value, IReadOnlyDictionary<string, string?> Labels);
}
