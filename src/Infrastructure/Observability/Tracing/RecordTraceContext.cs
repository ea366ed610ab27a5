using System.Diagnostics;

namespace Recorder.Infrastructure.Observability.Tracing;

/// <summary>Which record's trace the current work belongs to, for spans that serve many records at once.</summary>
public static class RecordTraceContext
{
    /// <summary>
    /// The record's consumer <c>process</c> span, found up the chain of current spans (the command span sits between);
    /// else the current span; default when there is none (tracing off), which links nothing.
    /// </summary>
    public static ActivityContext Current()
    {
        var current = Activity.Current;
        for (var span = current; span is not null; span = span.Parent)
        {
            if (span.Kind == ActivityKind.Consumer && ReferenceEquals(span.Source, RecorderActivitySources.Consumer))
            {
                return span.Context;
            }
        }

        return current?.Context ?? default;
    }
}
