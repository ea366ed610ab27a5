using FluentValidation;
using Recorder.Application.Common.Validation;
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
            .UserIdRequired()
            .Must(id => TextMeasure.IsWellFormed(id))
            .WithErrorCode("user_id_invalid_text")
            .WithMessage("User id contains an unpaired surrogate.")
            .WithinUserIdLimit(nameof(ForgetUserCommand.UserId));

        RuleFor(c => c.BatchRows).BatchRowsInRange();
    }
}
