using System.Globalization;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;

namespace Recorder.Host.Commands;

/// <summary>How <c>dlq inspect</c> and <c>dlq replay</c> print their results: counts, times, positions, user ids.</summary>
internal static class DlqReport
{
    public static async Task WriteAsync(TextWriter output, string topic, DeadLetterInspection inspection)
    {
        await output.WriteLineAsync(Invariant($"dead-letter topic {topic}: {inspection.Ranges.Count} partitions, {inspection.Total} records"));
        await output.WriteLineAsync(Invariant($"{"reason",-20} {"records",8}  {"oldest dlq_failed_at",-20}  {"newest dlq_failed_at",-20}"));
        foreach (var (reason, summary) in inspection.ByReason)
        {
            await output.WriteLineAsync(Invariant($"{reason,-20} {summary.Count,8}  {Time(summary.OldestFailedAt),-20}  {Time(summary.NewestFailedAt),-20}"));
        }

        await output.WriteLineAsync(Invariant($"{"total",-20} {inspection.Total,8}  {Time(inspection.OldestFailedAt),-20}  {Time(inspection.NewestFailedAt),-20}"));
        if (inspection.ValueOmitted > 0)
        {
            await output.WriteLineAsync(Invariant($"stubs without their value (dlq_value_omitted=1): {inspection.ValueOmitted}; replay cannot send them"));
        }

        if (inspection.ByUser is { } users)
        {
            await output.WriteLineAsync(Invariant($"by user (record key), {users.Count} users:"));
            foreach (var (user, count) in users.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync(Invariant($"  {user,-40} {count,8}"));
            }
        }
    }

    public static async Task WriteAsync(TextWriter output, ReplayReport report)
    {
        var request = report.Request;
        var limit = request.Limit is { } most ? most.ToString(CultureInfo.InvariantCulture) : "none";
        var dryRun = request.DryRun ? ", DRY RUN: nothing is sent or committed" : string.Empty;
        await output.WriteLineAsync(
            $"dlq replay: {report.DeadLetterTopic} -> {report.SourceTopic}, filter {request.Filter.Canonical()}, group {request.Group}, limit {limit}{dryRun}");
        foreach (var range in report.Ranges)
        {
            var from = range.Start > range.Low ? "resuming at" : "from";
            var progress = range.Start >= range.End
                ? Invariant($"nothing to read (offset {range.End})")
                : Invariant($"{from} offset {range.Start} to {range.End - 1}");
            var committed = report.Committed.TryGetValue(range.Partition, out var position) ? Invariant($", progress committed at {position}") : string.Empty;
            await output.WriteLineAsync(Invariant($"  partition {range.Partition}: {progress}{committed}"));
        }

        foreach (var (reason, counts) in report.ByReason)
        {
            var sentOrWould = request.DryRun ? Invariant($"would_send={counts.Sendable}") : Invariant($"sent={counts.Sent}");
            await output.WriteLineAsync(Invariant(
                $"  reason {reason}: matched={counts.Matched} {sentOrWould} skipped={counts.Skipped} duplicate={counts.Duplicates} unreplayable={counts.Unreplayable} failed={counts.Failed}"));
        }

        if (report.UnreplayableLocations.Count > 0)
        {
            await output.WriteLineAsync(
                $"  unreplayable (a stub without its value, or not from {report.SourceTopic}), first at {report.DeadLetterTopic} " +
                string.Join(", ", report.UnreplayableLocations) + ": produce those from their source offsets (dlq_source_partition/dlq_source_offset)");
        }

        if (report.TimedAtReplay > 0)
        {
            await output.WriteLineAsync(Invariant($"  warning: {report.TimedAtReplay} record(s) have neither a usable occurred header nor a usable dlq_source_timestamp;")
                + " the recorder stores them with the time of the replay, so a round that was stored before is stored again");
        }

        if (report.StoppedAtLimit)
        {
            await output.WriteLineAsync("  stopped at the limit; the next run with the same filter continues from here");
        }

        if (report.Error is { } error)
        {
            await output.WriteLineAsync($"  error: {error}; acknowledged records are committed, the next run resumes after them");
        }

        var sent = request.DryRun ? Invariant($"would_send={report.Sendable} sent=0") : Invariant($"sent={report.Sent}");
        await output.WriteLineAsync(Invariant(
            $"summary: read={report.Read} matched={report.Matched} {sent} skipped={report.Skipped} duplicate={report.Duplicates} unreplayable={report.Unreplayable} failed={report.Failed}"));
    }

    private static string Time(DateTimeOffset? moment) =>
        moment is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
