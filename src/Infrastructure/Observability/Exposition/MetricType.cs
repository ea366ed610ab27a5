namespace Recorder.Infrastructure.Observability.Exposition;

/// <summary>Prometheus metric family types used by the exposition.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
