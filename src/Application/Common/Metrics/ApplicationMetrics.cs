using System.Diagnostics;
using System.Diagnostics.Metrics;
using Recorder.Application.Common.Interfaces;

namespace Recorder.Application.Common.Metrics;

/// <summary>
/// Instruments of the application layer, on the meter <see cref="MeterName"/>. Names are already in Prometheus form
/// so the exposition needs no translation.
/// </summary>
public sealed class ApplicationMetrics : ICommandMetrics, IDisposable
{
    public const string MeterName = "Recorder.Application";
    public const string CommandSecondsName = "qywx_recorder_command_seconds";
    public const string CommandsTotalName = "qywx_recorder_commands_total";

    private static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _commandSeconds;
    private readonly Counter<long> _commandsTotal;

    /// <param name="meterFactory">
    /// The host's factory when there is one (meters then belong to that container); otherwise a private meter.
    /// </param>
    public ApplicationMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(MeterName));
        }

        _commandSeconds = _meter.CreateHistogram<double>(
            CommandSecondsName,
            unit: "s",
            description: "Time to handle one application command, validation included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _commandsTotal = _meter.CreateCounter<long>(
            CommandsTotalName,
            description: "Application commands handled, by command and result.");
    }

    public Meter Meter => _meter;

    public void RecordCommand(string command, CommandOutcome outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "command", command },
            { "result", OutcomeLabel(outcome) },
        };
        _commandSeconds.Record(elapsed.TotalSeconds, tags);
        _commandsTotal.Add(1, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static string OutcomeLabel(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Ok => "ok",
        CommandOutcome.Invalid => "invalid",
        CommandOutcome.Canceled => "canceled",
        _ => "error",
    };
}
