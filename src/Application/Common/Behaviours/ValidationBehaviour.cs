using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Recorder.Application.Common.Exceptions;

namespace Recorder.Application.Common.Behaviours;

/// <summary>
/// Runs every validator registered for the request and refuses the request, listing all failures at once, before the
/// handler can touch storage.
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    private readonly IValidator<TRequest>[] _validators;

    public ValidationBehaviour(IEnumerable<IValidator<TRequest>> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = validators as IValidator<TRequest>[] ?? [.. validators];
    }

    public ValueTask<TResponse> Handle(
        TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            List<RequestValidationFailure>? failures = null;
            for (var i = 0; i < _validators.Length; i++)
            {
                // A context per validator: a shared context accumulates failures, so later results would repeat earlier ones.
                var validation = _validators[i].ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
                if (!validation.IsCompletedSuccessfully)
                {
                    return ValidateAsyncFrom(i, validation, request, failures, next, cancellationToken);
                }

                Collect(validation.Result, ref failures);
            }

            // Rules without asynchronous parts (all of today's) complete at once: no state machine per request.
            return failures is null ? next(request, cancellationToken) : ValueTask.FromException<TResponse>(Refusal(failures));
        }
        catch (OperationCanceledException canceled)
        {
            // Failures are reported through the task, as an async method reports them: canceled stays canceled.
            var outcome = new TaskCompletionSource<TResponse>();
            outcome.SetCanceled(canceled.CancellationToken);
            return new ValueTask<TResponse>(outcome.Task);
        }
#pragma warning disable CA1031 // Not handled here: handed to the caller through the task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<TResponse>(exception);
        }
    }

    private async ValueTask<TResponse> ValidateAsyncFrom(
        int index, Task<ValidationResult> pending, TRequest request, List<RequestValidationFailure>? failures,
        MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        Collect(await pending, ref failures);
        for (var i = index + 1; i < _validators.Length; i++)
        {
            Collect(await _validators[i].ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken), ref failures);
        }

        if (failures is not null)
        {
            throw Refusal(failures);
        }

        return await next(request, cancellationToken);
    }

    private static void Collect(ValidationResult result, ref List<RequestValidationFailure>? failures)
    {
        if (result.IsValid)
        {
            return;
        }

        failures ??= [];
        foreach (var error in result.Errors)
        {
            failures.Add(new RequestValidationFailure(error.PropertyName, error.ErrorMessage, error.ErrorCode));
        }
    }

    private static RequestValidationException Refusal(List<RequestValidationFailure> failures) =>
        new(typeof(TRequest).Name, failures);
}
