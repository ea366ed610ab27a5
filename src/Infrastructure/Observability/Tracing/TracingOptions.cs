namespace Recorder.Infrastructure.Observability.Tracing;

/// <summary>Sampling of the recorder's and producer's traces. Bound from the "Tracing" section (Tracing__SampleRatio).</summary>
public sealed class TracingOptions
{
    public const string SectionName = "Tracing";

    /// <summary>
    /// Share of new traces recorded (0 to 1). Spans with a parent follow the parent's decision, so a trace is kept
    /// or dropped whole; the standard <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c> replace this.
    /// </summary>
    public double SampleRatio { get; set; } = 1.0;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (double.IsNaN(SampleRatio) || SampleRatio is < 0 or > 1)
        {
            problems.Add($"Tracing:SampleRatio must be between 0 and 1 (was {SampleRatio}).");
        }

        return problems;
    }
}
