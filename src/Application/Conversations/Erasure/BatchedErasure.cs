using Recorder.Application.Common.Interfaces;

namespace Recorder.Application.Conversations.Erasure;

/// <summary>
/// Deletes a selection batch by batch until none is left. Each batch is its own statement and transaction, so an
/// erasure of millions of rows never holds more than one batch's locks, and an interrupted one loses nothing: the
/// rows already gone stay gone, and running it again continues with what is left.
/// </summary>
public static class BatchedErasure
{
    /// <summary>Rows per delete statement unless asked otherwise: a few milliseconds of locks on an ordinary server.</summary>
    public const int DefaultBatchRows = 1_000;

    /// <summary>Upper bound on rows per statement: beyond it a batch's locks start to delay the recorder's inserts.</summary>
    public const int MaxBatchRows = 10_000;

    public static async Task<ErasureResult> RunAsync(
        IConversationRecordEraser eraser, RecordSelection selection, int batchRows, bool dryRun, IProgress<ErasureProgress>? progress,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eraser);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        var started = time.GetTimestamp();
        if (dryRun)
        {
            var matching = await eraser.CountAsync(selection, cancellationToken);
            return new ErasureResult(matching, 0, time.GetElapsedTime(started), TimeSpan.Zero, 0, DryRun: true);
        }

        // Measured batches are then the statements alone: the longest one is the longest any batch held its locks.
        await eraser.PrepareAsync(selection, cancellationToken);
        long rows = 0;
        var batches = 0;
        var longest = TimeSpan.Zero;
        var largest = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchStarted = time.GetTimestamp();
            var deleted = await eraser.DeleteBatchAsync(selection, batchRows, cancellationToken);
            var took = time.GetElapsedTime(batchStarted);
            // Even a statement that found nothing to delete read (and locked) index entries, so it counts for the longest.
            longest = took > longest ? took : longest;
            if (deleted > 0)
            {
                batches++;
                rows += deleted;
                largest = Math.Max(largest, deleted);
                progress?.Report(new ErasureProgress(batches, rows, time.GetElapsedTime(started), longest));
            }

            // A short batch found the end of the selection; asking again would only cost a statement.
            if (deleted < batchRows)
            {
                return new ErasureResult(rows, batches, time.GetElapsedTime(started), longest, largest, DryRun: false);
            }
        }
    }
}
