using System.Globalization;
using System.Text;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// Which dead-lettered records a replay selects: reason exactly, <c>dlq_failed_at</c> in [<see cref="From"/>,
/// <see cref="To"/>) (whole seconds, as the header holds them), and user = the record key, byte for byte. An unset part
/// selects everything; a record without a usable <c>dlq_failed_at</c> never matches a time range.
/// </summary>
public sealed record DeadLetterFilter(string? Reason = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? User = null)
{
    public static DeadLetterFilter All { get; } = new();

    public bool IsEmpty => Reason is null && From is null && To is null && User is null;

    public bool Matches(DeadLetterRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Reason is not null && !string.Equals(record.Reason, Reason, StringComparison.Ordinal))
        {
            return false;
        }

        if (From is not null || To is not null)
        {
            if (record.FailedAt is not { } failedAt
                || (From is { } from && failedAt.ToUnixTimeSeconds() < from.ToUnixTimeSeconds())
                || (To is { } to && failedAt.ToUnixTimeSeconds() >= to.ToUnixTimeSeconds()))
            {
                return false;
            }
        }

        return User is null || (record.Key is { } key && key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(User)));
    }

    /// <summary>
    /// The filter in one canonical line (times as unix seconds), e.g. <c>reason=db_unavailable from=1795161600</c>; the
    /// same selection always reads the same, however its times were written.
    /// </summary>
    public string Canonical()
    {
        var parts = new List<string>(4);
        if (Reason is not null)
        {
            parts.Add("reason=" + Reason);
        }

        if (From is { } from)
        {
            parts.Add("from=" + from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (To is { } to)
        {
            parts.Add("to=" + to.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (User is not null)
        {
            parts.Add("user=" + User);
        }

        return parts.Count == 0 ? "all" : string.Join(' ', parts);
    }
}
