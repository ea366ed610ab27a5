namespace Recorder.Domain.Conversations;

/// <summary>One row of <c>conversation_records</c>: a single question or answer of one round.</summary>
public sealed class ConversationRecord
{
    public ConversationRecord(string userId, RecordSource source, string content, DateTime occurred)
    {
        UserIdGuard.EnsureValid(userId);

        if (!Enum.IsDefined(source))
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown record source.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        if (!TextMeasure.IsWellFormed(content))
        {
            throw new ArgumentException("Content contains an unpaired surrogate.", nameof(content));
        }

        if (RoundLimits.CheckText(content) is { } violation)
        {
            throw new ArgumentException(violation.Description, nameof(content));
        }

        var normalized = OccurredTime.Normalize(occurred);
        if (normalized < OccurredTime.EarliestStorable)
        {
            throw new ArgumentOutOfRangeException(nameof(occurred), "Occurred is before the earliest storable time.");
        }

        UserId = userId;
        Source = source;
        Content = content;
        Occurred = normalized;
    }

    public string UserId { get; }

    public RecordSource Source { get; }

    public string Content { get; }

    /// <summary>UTC, whole milliseconds.</summary>
    public DateTime Occurred { get; }
}
