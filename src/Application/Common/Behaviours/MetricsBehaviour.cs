using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;

namespace Recorder.Application.Common.Behaviours;

/// <summary>Measures latency and outcome of every request, per request type, and reports them to <see cref="ICommandMetrics"/>.</summary>
public sealed class MetricsBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    // Computed once per closed generic type, not per request.
    private static readonly string CommandName = typeof(TRequest).Name;

    private readonly ICommandMetrics _metrics;

    public MetricsBehaviour(ICommandMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
    }

    // Pooled: a recorded round's state machine lives until its rows are durable, long enough to outlive young
    // collections (see the consumer's MessageWorkers for what pooling saved).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse> Handle(
        TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        var outcome = CommandOutcome.Error;
        try
        {
            var response = await next(request, cancellationToken);
            outcome = CommandOutcome.Ok;
            return response;
        }
        catch (RequestValidationException)
        {
            outcome = CommandOutcome.Invalid;
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = CommandOutcome.Canceled;
            throw;
        }
        finally
        {
            _metrics.RecordCommand(CommandName, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
