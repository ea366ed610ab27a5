using System.Collections.Concurrent;
using System.Diagnostics;

namespace Recorder.UnitTests.Tracing;

/// <summary>
/// Records every span of the named sources that stops while it lives. Listeners are process-wide, so tests pick out
/// their own spans (by trace id or by a tag only they use).
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanCollector(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _stopped.Where(a => a.TraceId == traceId)];

    public Activity Single(string name, Func<Activity, bool> predicate) => Assert.Single(_stopped, a => a.OperationName == name && predicate(a));

    public void Dispose() => _listener.Dispose();
}
