using System.Globalization;
using FluentValidation;
using Recorder.Application.Common.Validation;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

/// <summary>
/// Rejects rounds the table cannot hold faithfully. The size limits are the Domain's <see cref="RoundLimits"/>, the
/// same the producer checks before sending. Messages name the rule and the position, never the text itself, because
/// they end up in logs and dead-letter headers. <c>occurred</c> is not checked: the decoder has already put an
/// implausible one back into range (docs/design.md §2.4), so a round is never refused for its time.
/// </summary>
public sealed class RecordQaBatchCommandValidator : AbstractValidator<RecordQaBatchCommand>
{
    public RecordQaBatchCommandValidator()
    {
        RuleFor(c => c.UserId)
            .Cascade(CascadeMode.Stop)
            .UserIdRequired()
            .WithinUserIdLimit(nameof(RecordQaBatchCommand.UserId));

        RuleFor(c => c.Source)
            .NotNull()
            .WithErrorCode("source_missing")
            .WithMessage("Message origin is required.");

        RuleFor(c => c.Pairs)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .WithErrorCode("pairs_missing")
            .WithMessage("Pairs are required.")
            .Custom(ValidatePairs);
    }

    // One pass over the list instead of a child rule per element: rounds can be large and this runs per message.
    private static void ValidatePairs(IReadOnlyList<QaPair> pairs, ValidationContext<RecordQaBatchCommand> context)
    {
        if (RoundLimits.CheckPairCount(pairs.Count) is { } tooMany)
        {
            context.AddViolation(nameof(RecordQaBatchCommand.Pairs), tooMany);
            return;
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair is null)
            {
                context.AddFailure(ValidationRules.Failure($"Pairs[{i}]", "pair_missing", "Pair must not be null."));
                continue;
            }

            ValidateText(context, pair.Q, i, nameof(QaPair.Q));
            ValidateText(context, pair.A, i, nameof(QaPair.A));
        }
    }

    // The property name is formatted only for a failure: this runs for every text of every message.
    private static void ValidateText(ValidationContext<RecordQaBatchCommand> context, string? text, int index, string field)
    {
        // Blank text is legal: it is simply not recorded.
        if (text is null)
        {
            return;
        }

        if (!TextMeasure.IsWellFormed(text))
        {
            context.AddFailure(ValidationRules.Failure(PropertyName(index, field), "content_invalid_text", "Content contains an unpaired surrogate."));
            return;
        }

        if (RoundLimits.CheckText(text) is { } violation)
        {
            context.AddViolation(PropertyName(index, field), violation);
        }
    }

    private static string PropertyName(int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"Pairs[{index}].{field}");
}
