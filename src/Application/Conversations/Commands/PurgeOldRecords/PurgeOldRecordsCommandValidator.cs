using FluentValidation;
using Recorder.Application.Common.Validation;

namespace Recorder.Application.Conversations.Commands.PurgeOldRecords;

public sealed class PurgeOldRecordsCommandValidator : AbstractValidator<PurgeOldRecordsCommand>
{
    /// <summary>Far enough back to mean "keep everything"; also keeps now − retention a representable date.</summary>
    public static readonly TimeSpan MaxOlderThan = TimeSpan.FromDays(36_500);

    public PurgeOldRecordsCommandValidator()
    {
        RuleFor(c => c.OlderThan)
            .GreaterThan(TimeSpan.Zero)
            .WithErrorCode("retention_not_positive")
            .WithMessage("The retention period must be positive.")
            .LessThanOrEqualTo(MaxOlderThan)
            .WithErrorCode("retention_too_long")
            .WithMessage($"The retention period may be at most {MaxOlderThan.TotalDays:0} days.");

        RuleFor(c => c.BatchRows).BatchRowsInRange();
    }
}
