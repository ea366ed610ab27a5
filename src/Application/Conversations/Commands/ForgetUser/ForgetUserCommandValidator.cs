using FluentValidation;
using Recorder.Application.Conversations.Erasure;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Conversations.Commands.ForgetUser;

/// <summary>
/// Refuses ids that no stored row can have, so a typo is reported rather than answered with "0 rows". The id is
/// never trimmed or normalised: <c>pad</c> and <c>pad </c> are different users. Messages never repeat the id.
/// </summary>
public sealed class ForgetUserCommandValidator : AbstractValidator<ForgetUserCommand>
{
    public ForgetUserCommandValidator()
    {
        RuleFor(c => c.UserId)
            .Cascade(CascadeMode.Stop)
            .Must(id => !string.IsNullOrWhiteSpace(id))
            .WithErrorCode("user_id_missing")
            .WithMessage("User id is required.")
            .Must(id => TextMeasure.IsWellFormed(id))
            .WithErrorCode("user_id_invalid_text")
            .WithMessage("User id contains an unpaired surrogate.")
            .Custom((id, context) =>
            {
                if (RoundLimits.CheckUserId(id) is { } violation)
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure(nameof(ForgetUserCommand.UserId), violation.Description)
                    {
                        ErrorCode = violation.Code,
                    });
                }
            });

        RuleFor(c => c.BatchRows)
            .InclusiveBetween(1, BatchedErasure.MaxBatchRows)
            .WithErrorCode("batch_out_of_range")
            .WithMessage($"Rows per batch must be between 1 and {BatchedErasure.MaxBatchRows}.");
    }
}
