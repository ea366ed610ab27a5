namespace Recorder.Application.Conversations.Erasure;

/// <summary>What a batched erasure did, or for a dry run, what it would do.</summary>
/// <param name="Rows">Rows deleted; for a dry run, rows that match now.</param>
/// <param name="Batches">Delete statements that removed at least one row (0 for a dry run).</param>
/// <param name="Elapsed">Time the whole erasure took.</param>
/// <param name="LongestBatch">The slowest delete statement, the final one that found nothing included: the longest
/// any batch held its locks.</param>
/// <param name="LargestBatchRows">The most rows one statement removed; never more than the batch size.</param>
/// <param name="DryRun">Nothing was deleted; <paramref name="Rows"/> is a count.</param>
public sealed record ErasureResult(long Rows, int Batches, TimeSpan Elapsed, TimeSpan LongestBatch, int LargestBatchRows, bool DryRun);
