using System.Collections.Concurrent;
using Prometheus;
using Recorder.Application.Common.Interfaces;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>The application's command metrics as prometheus-net metrics: a latency histogram and a counter, both by command and result.</summary>
public sealed class PrometheusCommandMetrics : ICommandMetrics
{
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Histogram _seconds;
    private readonly Counter _total;

    // The labelled series of each command and outcome, looked up once: this runs for every message, and each
    // WithLabels call allocates its label array.
    private readonly ConcurrentDictionary<(string Command, CommandOutcome Outcome), (IHistogram Seconds, ICounter Total)> _series = new();

    public PrometheusCommandMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        string[] labels = ["command", "result"];
        _seconds = factory.CreateHistogram(
            Names.CommandSeconds,
            "Time to handle one application command, validation included.",
            labels,
            new HistogramConfiguration { Buckets = [.. LatencyBuckets] });
        _total = factory.CreateCounter(Names.CommandsTotal, "Application commands handled, by command and result.", labels);
    }

    public void RecordCommand(string command, CommandOutcome outcome, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(command);
        var series = _series.GetOrAdd((command, outcome), static (key, metrics) =>
        {
            var result = ResultLabel(key.Outcome);
            return (metrics._seconds.WithLabels(key.Command, result), metrics._total.WithLabels(key.Command, result));
        }, this);
        series.Seconds.Observe(elapsed.TotalSeconds);
        series.Total.Inc();
    }

    private static string ResultLabel(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Ok => "ok",
        CommandOutcome.Invalid => "invalid",
        CommandOutcome.Canceled => "canceled",
        _ => "error",
    };
}
