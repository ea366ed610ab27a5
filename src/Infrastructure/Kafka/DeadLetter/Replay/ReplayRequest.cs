using System.Security.Cryptography;
using System.Text;

namespace Recorder.Infrastructure.Kafka.DeadLetter.Replay;

/// <summary>One run of <c>dlq replay</c>: what to select, under which progress group, and whether to send at all.</summary>
/// <param name="Filter">The records to replay.</param>
/// <param name="Group">The consumer group whose committed offsets are this replay's progress.</param>
/// <param name="DryRun">Count what would be sent; send nothing, commit nothing.</param>
/// <param name="Limit">At most this many records sent (or, in a dry run, counted as would be sent); null for no limit.</param>
public sealed record ReplayRequest(DeadLetterFilter Filter, string Group, bool DryRun = false, int? Limit = null)
{
    /// <summary>
    /// The progress group of a filter: <c>&lt;prefix&gt;-all</c> without a filter, else the prefix and the first 12 hex
    /// digits of the SHA-256 of <see cref="DeadLetterFilter.Canonical"/>. The same filter, however its times are
    /// written, resumes its own progress; a different filter starts its own pass and so still finds what an earlier
    /// run's filter passed over. The limit is not part of it: a limited run continues on the next one.
    /// </summary>
    public static string DefaultGroup(string prefix, DeadLetterFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.IsEmpty)
        {
            return prefix + "-all";
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(filter.Canonical()));
        return prefix + "-" + Convert.ToHexStringLower(digest)[..12];
    }
}
