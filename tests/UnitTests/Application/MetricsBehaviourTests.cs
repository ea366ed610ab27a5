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

    public sealed record Ping;

    [Fact]
    public async Task A_handled_request_is_counted_ok_and_timed()
    {
        var response = await _behaviour.Handle(new Ping(), CancellationToken.None, () => Task.FromResult(7));

        Assert.Equal(7, response);
        AssertRecorded(CommandOutcome.Ok);
    }

    [Fact]
    public async Task A_refused_request_is_counted_invalid()
    {
        await Assert.ThrowsAsync<RequestValidationException>(() => _behaviour.Handle(
            new Ping(), CancellationToken.None, () => throw new RequestValidationException("Ping", [])));

        AssertRecorded(CommandOutcome.Invalid);
    }

    [Fact]
    public async Task A_failing_request_is_counted_error_and_the_exception_propagates()
    {
        await Assert.ThrowsAsync<TimeoutException>(
            () => _behaviour.Handle(new Ping(), CancellationToken.None, () => throw new TimeoutException()));

        AssertRecorded(CommandOutcome.Error);
    }

    [Fact]
    public async Task A_cancelled_request_is_counted_canceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => _behaviour.Handle(
            new Ping(), cts.Token, () => throw new OperationCanceledException(cts.Token)));

        AssertRecorded(CommandOutcome.Canceled);
    }

    [Fact]
    public async Task The_latency_covers_the_time_spent_in_the_rest_of_the_pipeline()
    {
        await _behaviour.Handle(new Ping(), CancellationToken.None, async () =>
        {
            await Task.Delay(50);
            return 1;
        });

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
