using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Common.Interfaces;

/// <summary>
/// Port that removes stored conversation rows. Deleting happens in bounded batches, each one statement in its own
/// short transaction, so that no batch holds row locks long enough to stall the recorder's inserts.
/// </summary>
public interface IConversationRecordEraser
{
    /// <summary>How many rows the selection matches now; deletes nothing.</summary>
    Task<long> CountAsync(RecordSelection selection, CancellationToken cancellationToken);

    /// <summary>
    /// Readies the delete statement of <paramref name="selection"/> without deleting anything (query translation,
    /// a pooled connection), so that the time of the first batch is the time of its statement.
    /// </summary>
    Task PrepareAsync(RecordSelection selection, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="maxRows"/> rows of the selection, oldest first, and commits. Returns how many
    /// went; fewer than <paramref name="maxRows"/> means the selection was exhausted when the statement ran.
    /// </summary>
    Task<int> DeleteBatchAsync(RecordSelection selection, int maxRows, CancellationToken cancellationToken);
}
