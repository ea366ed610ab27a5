using Recorder.Domain.Conversations;

namespace Recorder.Application.Common.Interfaces;

/// <summary>
/// Port to durable storage of conversation rows. Writing is idempotent: rows already present (same user, source,
/// occurred and content) are ignored, not duplicated. When the returned task completes successfully the rows are
/// durable, so the caller may acknowledge the message they came from. The writer may keep <c>rows</c> as given and
/// read them after the task has ended (a canceled write can still be on its way to the server), so a caller never
/// changes rows it has passed.
/// </summary>
public interface IConversationRecordWriter
{
    Task<RecordWriteResult> WriteAsync(IReadOnlyList<ConversationRecord> rows, CancellationToken cancellationToken);
}
