using Mediator;
using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Application;

public sealed class MetricsBehaviourTests
{
    private readonly RecordingCommandMetrics _metrics = new();
    private readonly MetricsBehaviour<Ping, int> _behaviour;

    public MetricsBehaviourTests()
    {
        _behaviour = new MetricsBehaviour<Ping, int>(_metrics);
    }

    public sealed record Ping : IMessage;

    [Fact]
    public async Task A_handled_request_is_counted_ok_and_timed()
    {
        var response = await _behaviour.Handle(new Ping(), (_, _) => new ValueTask<int>(7), CancellationToken.None);

        Assert.Equal(7, response);
        AssertRecorded(CommandOutcome.Ok);
    }

    [Fact]
    public async Task A_refused_request_is_counted_invalid()
    {
        await Assert.ThrowsAsync<RequestValidationException>(() => _behaviour.Handle(
            new Ping(), (_, _) => throw new RequestValidationException("Ping", []), CancellationToken.None).AsTask());

        AssertRecorded(CommandOutcome.Invalid);
    }

    [Fact]
    public async Task A_failing_request_is_counted_error_and_the_exception_propagates()
    {
        await Assert.ThrowsAsync<TimeoutException>(
            () => _behaviour.Handle(new Ping(), (_, _) => throw new TimeoutException(), CancellationToken.None).AsTask());

        AssertRecorded(CommandOutcome.Error);
    }

    [Fact]
    public async Task A_cancelled_request_is_counted_canceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => _behaviour.Handle(
            new Ping(), (_, _) => throw new OperationCanceledException(cts.Token), cts.Token).AsTask());

        AssertRecorded(CommandOutcome.Canceled);
    }

    [Fact]
    public async Task The_latency_covers_the_time_spent_in_the_rest_of_the_pipeline()
    {
        await _behaviour.Handle(
            new Ping(),
            async (_, cancellationToken) =>
            {
                await Task.Delay(50, cancellationToken);
                return 1;
            },
            CancellationToken.None);

        Assert.True(Assert.Single(_metrics.Reports).Elapsed >= TimeSpan.FromMilliseconds(45));
    }

    private void AssertRecorded(CommandOutcome outcome)
    {
        var report = Assert.Single(_metrics.Reports);
        Assert.Equal("Ping", report.Command);
        Assert.Equal(outcome, report.Outcome);
        Assert.True(report.Elapsed >= TimeSpan.Zero);
    }
}
