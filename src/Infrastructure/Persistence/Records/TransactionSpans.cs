using System.Diagnostics;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.Infrastructure.Persistence.Errors;
using Attr = Recorder.Infrastructure.Observability.Tracing.SpanAttributes;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// One span per writer transaction (retries included, like <c>qywx_recorder_db_insert_batch_seconds</c>). A
/// transaction carries the rows of many records, so it is a root of its own with a link to every record span it
/// carried, rather than the child of any one of them.
/// </summary>
internal static class TransactionSpans
{
    public const string Name = "INSERT conversation_records";

    public static Activity? Start(List<PendingWrite> batch, BulkInsertMethod method)
    {
        var source = RecorderActivitySources.Persistence;
        if (!source.HasListeners())
        {
            return null;
        }

        List<ActivityLink>? links = null;
        foreach (var pending in batch)
        {
            if (pending.Record != default)
            {
                (links ??= new List<ActivityLink>(batch.Count)).Add(new ActivityLink(pending.Record));
            }
        }

        var span = source.StartActivity(Name, ActivityKind.Client, parentContext: default, links: links);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(Attr.DbSystem, Attr.MySql);
            span.SetTag(Attr.DbCollection, "conversation_records");
            span.SetTag(Attr.DbOperation, "INSERT");
            span.SetTag(Attr.DbRecords, batch.Count);
            span.SetTag(Attr.DbInsertMethod, method.Name());
        }

        return span;
    }

    /// <summary>A transient error; the transaction is tried again (after a pause, or at once on a fresh connection).</summary>
    public static void Retrying(Activity? span, int errorNumber, MySqlErrorKind kind)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
            {
                ["db.response.status_code"] = errorNumber,
                [Attr.ErrorType] = kind.ToString(),
            }));
        }
    }

    public static void Committed(Activity? span, int records, int rows, int inserted, int attempts)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(Attr.DbRecords, records);
            span.SetTag(Attr.DbRows, rows);
            span.SetTag(Attr.RowsInserted, inserted);
            span.SetTag(Attr.RowsIgnored, rows - inserted);
            span.SetTag(Attr.DbAttempts, attempts);
        }
    }

    public static void Failed(Activity? span, string errorType, int attempts)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(Attr.ErrorType, errorType);
        span.SetTag(Attr.DbAttempts, attempts);
        span.SetStatus(ActivityStatusCode.Error);
    }
}
