using System.Diagnostics;
using Mediator;
using Recorder.Application.Common.Tracing;

namespace Recorder.Application.Common.Behaviours;

/// <summary>
/// One span per request, named after the request type, child of whatever span is current (for a recorded round: the
/// consumer's <c>process</c> span). It carries the command's name and outcome only, never its contents.
/// </summary>
public sealed class TracingBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    // Computed once per closed generic type, not per request.
    private static readonly string CommandName = typeof(TRequest).Name;

    public ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        // Nobody listening (tracing off): no span, no extra async frame on the per-message path.
        return ApplicationActivitySource.Instance.HasListeners() ? TraceAsync(request, next, cancellationToken) : next(request, cancellationToken);
    }

    // Started inside the async method: the span it makes current must not stay current in the caller's flow.
    private static async ValueTask<TResponse> TraceAsync(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = ApplicationActivitySource.Instance.StartActivity(CommandName);
        if (activity is null)
        {
            return await next(request, cancellationToken);
        }

        activity.SetTag(TraceTags.Command, CommandName);
        try
        {
            var response = await next(request, cancellationToken);
            activity.SetTag(TraceTags.Outcome, "ok");
            return response;
        }
        catch (Exception ex)
        {
            // The exception's type, not its message: messages may quote what the caller sent.
            activity.SetTag(TraceTags.Outcome, ex is OperationCanceledException ? "canceled" : "error");
            activity.SetTag(TraceTags.ErrorType, ex.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }
}
