using FluentValidation;
using MediatR;
using Recorder.Application.Common.Exceptions;

namespace Recorder.Application.Common.Behaviours;

/// <summary>
/// Runs every validator registered for the request and refuses the request, listing all failures at once, before the
/// handler can touch storage.
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] _validators;

    public ValidationBehaviour(IEnumerable<IValidator<TRequest>> validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = validators as IValidator<TRequest>[] ?? [.. validators];
    }

    public async Task<TResponse> Handle(
        TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length == 0)
        {
            return await next();
        }

        List<RequestValidationFailure>? failures = null;
        foreach (var validator in _validators)
        {
            // A context per validator: a shared context accumulates failures, so later results would repeat earlier ones.
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            if (result.IsValid)
            {
                continue;
            }

            failures ??= [];
            foreach (var error in result.Errors)
            {
                failures.Add(new RequestValidationFailure(error.PropertyName, error.ErrorMessage, error.ErrorCode));
            }
        }

        if (failures is not null)
        {
            throw new RequestValidationException(typeof(TRequest).Name, failures);
        }

        return await next();
    }
}
