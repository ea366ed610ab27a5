using System.Diagnostics;
using Mediator;
using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Tracing;
using Recorder.UnitTests.Tracing;

namespace Recorder.UnitTests.Application;

[Collection(TracingListenersCollection.Name)]
public sealed class TracingBehaviourTests
{
    private readonly TracingBehaviour<Ping, int> _behaviour = new();

    public sealed record Ping : IMessage;

    [Fact]
    public async Task A_request_runs_in_a_span_named_after_it_under_the_callers_span()
    {
        using var spans = new SpanCollector(ApplicationActivitySource.Name);
        using var caller = new Activity("caller").Start();
        Activity? current = null;

        var response = await _behaviour.Handle(
            new Ping(),
            (_, _) =>
            {
                current = Activity.Current;
                return new ValueTask<int>(7);
            },
            CancellationToken.None);

        Assert.Equal(7, response);
        var span = Assert.Single(spans.InTrace(caller.TraceId));
        Assert.Equal("Ping", span.OperationName);
        Assert.Equal(caller.SpanId, span.ParentSpanId);
        Assert.Same(span, current);
        Assert.Equal("ok", span.GetTagItem("recorder.command.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Same(caller, Activity.Current);
    }

    [Fact]
    public async Task A_failing_request_marks_its_span_with_the_exception_type_only()
    {
        using var spans = new SpanCollector(ApplicationActivitySource.Name);
        using var caller = new Activity("caller").Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _behaviour.Handle(new Ping(), (_, _) => throw new InvalidOperationException("user u-42 said something"), CancellationToken.None).AsTask());

        var span = Assert.Single(spans.InTrace(caller.TraceId));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.StatusDescription);
        Assert.Equal("InvalidOperationException", span.GetTagItem("error.type"));
        Assert.Equal("error", span.GetTagItem("recorder.command.outcome"));
    }

    [Fact]
    public async Task Without_a_listener_no_span_is_created()
    {
        using var caller = new Activity("caller").Start();
        Activity? current = null;

        await _behaviour.Handle(
            new Ping(),
            (_, _) =>
            {
                current = Activity.Current;
                return new ValueTask<int>(1);
            },
            CancellationToken.None);

        // Another test's collector may be listening at this moment; only then may a span sit between.
        Assert.True(ReferenceEquals(current, caller) || current?.Source.Name == ApplicationActivitySource.Name);
    }
}
