using FluentValidation;
using FluentValidation.Results;
using Recorder.Application.Conversations.Erasure;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Common.Validation;

/// <summary>Rules more than one command checks, each with its error code and message in one place.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> UserIdRequired<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(id => !string.IsNullOrWhiteSpace(id))
            .WithErrorCode("user_id_missing")
            .WithMessage("User id is required.");

    /// <summary>The Domain's user-id limit (<see cref="RoundLimits.CheckUserId"/>), reported under its own code.</summary>
    public static IRuleBuilderOptionsConditions<T, string> WithinUserIdLimit<T>(this IRuleBuilder<T, string> rule, string propertyName) =>
        rule.Custom((id, context) => context.AddViolation(propertyName, RoundLimits.CheckUserId(id)));

    public static IRuleBuilderOptions<T, int> BatchRowsInRange<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, BatchedErasure.MaxBatchRows)
            .WithErrorCode("batch_out_of_range")
            .WithMessage($"Rows per batch must be between 1 and {BatchedErasure.MaxBatchRows}.");

    /// <summary>Adds a broken round limit as a failure with the limit's code and description; nothing when none.</summary>
    public static void AddViolation<T>(this ValidationContext<T> context, string propertyName, RoundLimitViolation? violation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (violation is not null)
        {
            context.AddFailure(Failure(propertyName, violation.Code, violation.Description));
        }
    }

    public static ValidationFailure Failure(string propertyName, string errorCode, string message) =>
        new(propertyName, message) { ErrorCode = errorCode };
}
