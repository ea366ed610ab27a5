using System.Text;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// What the dead-letter topic holds: counts by <c>dlq_reason</c> with the oldest and newest <c>dlq_failed_at</c>, and
/// per user (record key) on request. Counts, times and user ids only: never a value, an error text or another header.
/// </summary>
public sealed class DeadLetterInspection
{
    public const string NoReason = "(none)";

    public SortedDictionary<string, ReasonSummary> ByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Records per user (record key), when asked for; a key that is not UTF-8 is shown as its length.</summary>
    public Dictionary<string, int>? ByUser { get; init; }

    public IReadOnlyList<PartitionRange> Ranges { get; set; } = [];

    /// <summary>Stubs (<c>dlq_value_omitted=1</c>): selected or not, a replay cannot send them.</summary>
    public int ValueOmitted { get; private set; }

    public int Total => ByReason.Values.Sum(r => r.Count);

    public DateTimeOffset? OldestFailedAt => ByReason.Values.Select(r => r.OldestFailedAt).Where(t => t is not null).Min();

    public DateTimeOffset? NewestFailedAt => ByReason.Values.Select(r => r.NewestFailedAt).Where(t => t is not null).Max();

    public void Add(DeadLetterRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Reason ?? NoReason;
        if (!ByReason.TryGetValue(key, out var summary))
        {
            summary = new ReasonSummary();
            ByReason[key] = summary;
        }

        summary.Add(record.FailedAt);
        ValueOmitted += record.ValueOmitted ? 1 : 0;
        if (ByUser is not null)
        {
            var user = UserOf(record.Key);
            ByUser[user] = ByUser.GetValueOrDefault(user) + 1;
        }
    }

    private static string UserOf(byte[]? key)
    {
        if (key is null)
        {
            return "(no key)";
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(key);
        }
        catch (DecoderFallbackException)
        {
            return $"(not UTF-8, {key.Length} bytes)";
        }
    }
}

/// <summary>Records of one reason and the range of their <c>dlq_failed_at</c>.</summary>
public sealed class ReasonSummary
{
    public int Count { get; private set; }

    /// <summary>Records without a usable <c>dlq_failed_at</c>.</summary>
    public int WithoutFailedAt { get; private set; }

    public DateTimeOffset? OldestFailedAt { get; private set; }

    public DateTimeOffset? NewestFailedAt { get; private set; }

    public void Add(DateTimeOffset? failedAt)
    {
        Count++;
        if (failedAt is not { } at)
        {
            WithoutFailedAt++;
            return;
        }

        OldestFailedAt = OldestFailedAt is { } oldest && oldest <= at ? oldest : at;
        NewestFailedAt = NewestFailedAt is { } newest && newest >= at ? newest : at;
    }
}
