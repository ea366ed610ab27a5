using System.Text;
using FluentValidation;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

/// <summary>
/// Rejects rounds the table cannot hold faithfully. Messages name the rule and the position, never the text itself,
/// because they end up in logs and dead-letter headers. <c>occurred</c> is not checked: the decoder has already put
/// an implausible one back into range (SPEC §2), so a round is never refused for its time.
/// </summary>
public sealed class RecordQaBatchCommandValidator : AbstractValidator<RecordQaBatchCommand>
{
    /// <summary>
    /// A conversation round holds a handful of pairs; the bound only stops pathological input (a 6 MiB message of
    /// empty pairs would otherwise expand into hundreds of thousands of rows).
    /// </summary>
    public const int MaxPairs = 100_000;

    public RecordQaBatchCommandValidator()
    {
        RuleFor(c => c.UserId)
            .Cascade(CascadeMode.Stop)
            .Must(id => !string.IsNullOrWhiteSpace(id))
            .WithErrorCode("user_id_missing")
            .WithMessage("User id is required.")
            .Must(id => TextMeasure.HasAtMostCodePoints(id, ConversationLimits.MaxUserIdLength))
            .WithErrorCode("user_id_too_long")
            .WithMessage($"User id must be at most {ConversationLimits.MaxUserIdLength} characters.");

        RuleFor(c => c.Source)
            .NotNull()
            .WithErrorCode("source_missing")
            .WithMessage("Message origin is required.");

        RuleFor(c => c.Pairs)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .WithErrorCode("pairs_missing")
            .WithMessage("Pairs are required.")
            .Must(pairs => pairs.Count <= MaxPairs)
            .WithErrorCode("too_many_pairs")
            .WithMessage($"A round may hold at most {MaxPairs} pairs.")
            .Custom(ValidatePairs);
    }

    // One pass over the list instead of a child rule per element: rounds can be large and this runs per message.
    private static void ValidatePairs(IReadOnlyList<QaPair> pairs, ValidationContext<RecordQaBatchCommand> context)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair is null)
            {
                context.AddFailure(ElementFailure($"Pairs[{i}]", "pair_missing", "Pair must not be null."));
                continue;
            }

            ValidateText(context, pair.Q, i, "Q");
            ValidateText(context, pair.A, i, "A");
        }
    }

    private static void ValidateText(
        ValidationContext<RecordQaBatchCommand> context, string? text, int index, string side)
    {
        // Blank text is legal: it is simply not recorded.
        if (text is null)
        {
            return;
        }

        if (!TextMeasure.IsWellFormed(text))
        {
            context.AddFailure(ElementFailure(
                $"Pairs[{index}].{side}", "content_invalid_text", "Content contains an unpaired surrogate."));
        }
        else if ((long)text.Length * 3 > ConversationLimits.MaxContentBytes
            && Encoding.UTF8.GetByteCount(text) > ConversationLimits.MaxContentBytes)
        {
            // The length bound above spares measuring ordinary text: a UTF-16 unit is at most 3 bytes of UTF-8.
            context.AddFailure(ElementFailure(
                $"Pairs[{index}].{side}",
                "content_too_large",
                $"Content must be at most {ConversationLimits.MaxContentBytes} bytes of UTF-8 (MEDIUMTEXT)."));
        }
    }

    private static FluentValidation.Results.ValidationFailure ElementFailure(
        string propertyName, string errorCode, string message) =>
        new(propertyName, message) { ErrorCode = errorCode };
}
