using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Metrics;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Application;

public sealed class MetricsBehaviourTests : IDisposable
{
    private readonly ApplicationMetrics _metrics = new();
    private readonly MeasurementRecorder _recorded;
    private readonly MetricsBehaviour<Ping, int> _behaviour;

    public MetricsBehaviourTests()
    {
        _recorded = new MeasurementRecorder(_metrics.Meter);
        _behaviour = new MetricsBehaviour<Ping, int>(_metrics);
    }

    public sealed record Ping;

    public void Dispose()
    {
        _recorded.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task A_handled_request_is_counted_ok_and_timed()
    {
        var response = await _behaviour.Handle(new Ping(), CancellationToken.None, () => Task.FromResult(7));

        Assert.Equal(7, response);
        AssertRecorded("ok");
    }

    [Fact]
    public async Task A_refused_request_is_counted_invalid()
    {
        await Assert.ThrowsAsync<RequestValidationException>(() => _behaviour.Handle(
            new Ping(), CancellationToken.None, () => throw new RequestValidationException("Ping", [])));

        AssertRecorded("invalid");
    }

    [Fact]
    public async Task A_failing_request_is_counted_error_and_the_exception_propagates()
    {
        await Assert.ThrowsAsync<TimeoutException>(
            () => _behaviour.Handle(new Ping(), CancellationToken.None, () => throw new TimeoutException()));

        AssertRecorded("error");
    }

    [Fact]
    public async Task A_cancelled_request_is_counted_canceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => _behaviour.Handle(
            new Ping(), cts.Token, () => throw new OperationCanceledException(cts.Token)));

        AssertRecorded("canceled");
    }

    private void AssertRecorded(string result)
    {
        var count = Assert.Single(_recorded.Of(ApplicationMetrics.CommandsTotalName));
        Assert.Equal(1, count.Value);
        Assert.Equal("Ping", count.Labels["command"]);
        Assert.Equal(result, count.Labels["result"]);

        var latency = Assert.Single(_recorded.Of(ApplicationMetrics.CommandSecondsName));
        Assert.True(latency.Value >= 0);
        Assert.Equal("Ping", latency.Labels["command"]);
        Assert.Equal(result, latency.Labels["result"]);
    }
}
