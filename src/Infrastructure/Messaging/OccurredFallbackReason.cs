namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// Why a round's <c>occurred</c> header was not used (label <c>reason</c> of
/// <c>qywx_recorder_occurred_fallback_total</c>; the order matches the label values).
/// </summary>
public enum OccurredFallbackReason
{
    /// <summary>No header, or an empty or blank one.</summary>
    Missing,

    /// <summary>Not an integer count of seconds (a fraction, a date, other text).</summary>
    Unparsable,

    /// <summary>An integer, but before 2000-01-01 or more than a day past the record's own time.</summary>
    OutOfRange,
}
