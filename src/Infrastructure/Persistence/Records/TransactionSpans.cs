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

    /// <summary>The event of a batch that went record by record (see <see cref="MessageByMessage"/>).</summary>
    public const string MessageByMessageEvent = "message_by_message";

    /// <summary>The event of a record whose rows the server refused (see <see cref="Refused"/>).</summary>
    public const string RefusedEvent = "refused";

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
                [Attr.DbResponseStatusCode] = errorNumber,
                [Attr.ErrorType] = kind.ToString(),
            }));
        }
    }

    /// <summary>
    /// The records of a batch could not commit together (some rows were stored already, or one was refused): each goes
    /// on its own and commits by itself, ordinary rounds as multi-row INSERTs where the batch used LOAD DATA (see
    /// ConversationRecordWriter.MessageByMessage). Once per attempt that does so. The span's insert method stays the
    /// one the batch was tried with.
    /// </summary>
    public static void MessageByMessage(Activity? span, int records)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.AddEvent(new ActivityEvent(MessageByMessageEvent, tags: new ActivityTagsCollection { [Attr.DbRecords] = records }));
        }
    }

    /// <summary>What the transaction stored in the end, the records that committed on their own in earlier attempts included.</summary>
    public static void Committed(Activity? span, CommittedTally stored, int attempts)
    {
        if (span is { IsAllDataRequested: true })
        {
            SetStored(span, stored);
            span.SetTag(Attr.DbAttempts, attempts);
        }
    }

    /// <summary>The server refused one record's rows for good: that record fails alone, the others go on.</summary>
    public static void Refused(Activity? span, int errorNumber, int rows)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.AddEvent(new ActivityEvent(RefusedEvent, tags: new ActivityTagsCollection
            {
                [Attr.DbResponseStatusCode] = errorNumber,
                [Attr.DbRows] = rows,
            }));
        }
    }

    /// <summary>
    /// A failure that ends the transaction; <paramref name="stored"/> is what committed on its own before it (often
    /// nothing), so the counts say what was stored, as on a committed span, not what was attempted.
    /// </summary>
    public static void Failed(Activity? span, string errorType, int attempts, CommittedTally stored)
    {
        if (span is null)
        {
            return;
        }

        if (span.IsAllDataRequested)
        {
            SetStored(span, stored);
        }

        span.SetTag(Attr.ErrorType, errorType);
        span.SetTag(Attr.DbAttempts, attempts);
        span.SetStatus(ActivityStatusCode.Error);
    }

    private static void SetStored(Activity span, CommittedTally stored)
    {
        span.SetTag(Attr.DbRecords, stored.Records);
        span.SetTag(Attr.DbRows, stored.Rows);
        span.SetTag(Attr.RowsInserted, stored.Inserted);
        span.SetTag(Attr.RowsIgnored, stored.Ignored);
    }
}
