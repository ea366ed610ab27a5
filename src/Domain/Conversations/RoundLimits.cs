using System.Text;

namespace Recorder.Domain.Conversations;

/// <summary>
/// What one conversation round may be: the single set of limits that the scheduler's producer checks before it sends
/// a round and the recorder checks before it stores one (docs/design.md §2.5), so that nothing the producer sends is
/// refused downstream. Each check returns the limit broken, or null.
/// </summary>
public static class RoundLimits
{
    /// <summary>
    /// Largest serialized value (the JSON array) in bytes: 6 MiB, the topic's <c>max.message.bytes</c>. A producer
    /// may be configured lower, never higher.
    /// </summary>
    public const int MaxValueBytes = 6_291_456;

    /// <summary>
    /// A round holds a handful of pairs; the bound only stops pathological input (a 6 MiB value of empty pairs would
    /// otherwise expand into hundreds of thousands of rows).
    /// </summary>
    public const int MaxPairs = 100_000;

    /// <summary><c>user_id VARCHAR(64)</c>: MySQL counts characters (code points), not UTF-16 units.</summary>
    public const int MaxUserIdCodePoints = 64;

    /// <summary><c>content MEDIUMTEXT</c>: 2^24 - 1 bytes of UTF-8 for one question or one answer.</summary>
    public const int MaxContentBytes = 16_777_215;

    public static RoundLimitViolation? CheckValueBytes(long valueBytes, int maxValueBytes = MaxValueBytes) =>
        valueBytes > maxValueBytes ? new RoundLimitViolation(RoundLimit.ValueBytes, valueBytes, maxValueBytes) : null;

    public static RoundLimitViolation? CheckPairCount(int pairs) =>
        pairs > MaxPairs ? new RoundLimitViolation(RoundLimit.Pairs, pairs, MaxPairs) : null;

    public static RoundLimitViolation? CheckUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return TextMeasure.HasAtMostCodePoints(userId, MaxUserIdCodePoints)
            ? null
            : new RoundLimitViolation(RoundLimit.UserIdLength, TextMeasure.CountCodePoints(userId), MaxUserIdCodePoints);
    }

    /// <summary>One question or answer; null text is blank and always fits.</summary>
    public static RoundLimitViolation? CheckText(string? text)
    {
        // A UTF-16 unit is at most 3 bytes of UTF-8, so ordinary text needs no measuring.
        if (text is null || (long)text.Length * 3 <= MaxContentBytes)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > MaxContentBytes ? new RoundLimitViolation(RoundLimit.ContentBytes, bytes, MaxContentBytes) : null;
    }

    /// <summary>
    /// Every limit that can be checked before the round is serialized: user id, number of pairs, size of each text.
    /// The first one broken, or null. Null pairs are skipped: they are not a matter of size.
    /// </summary>
    public static RoundLimitViolation? CheckRound(string userId, IReadOnlyList<QaPair?> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if ((CheckUserId(userId) ?? CheckPairCount(pairs.Count)) is { } violation)
        {
            return violation;
        }

        foreach (var pair in pairs)
        {
            if (pair is not null && (CheckText(pair.Q) ?? CheckText(pair.A)) is { } tooLarge)
            {
                return tooLarge;
            }
        }

        return null;
    }
}
