using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Recorder.Infrastructure.Observability.Tracing;

/// <summary>
/// Decides for spans without a parent. A MySQL transaction span is such a root, linked to the records it carried:
/// it is kept whenever one of those records' traces is kept, so a sampled round never loses its transaction;
/// other roots are kept at the configured ratio.
/// </summary>
internal sealed class LinkedRootSampler : Sampler
{
    private readonly TraceIdRatioBasedSampler _ratio;

    public LinkedRootSampler(double ratio)
    {
        _ratio = new TraceIdRatioBasedSampler(ratio);
        Description = $"LinkedRootSampler{{{ratio}}}";
    }

    /// <summary>Parent-based: a span with a parent follows it; a root follows its links, else the ratio.</summary>
    public static Sampler ParentBased(double ratio) => new ParentBasedSampler(new LinkedRootSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Links is { } links)
        {
            foreach (var link in links)
            {
                if ((link.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0)
                {
                    return new SamplingResult(SamplingDecision.RecordAndSample);
                }
            }
        }

        return _ratio.ShouldSample(samplingParameters);
    }
}
