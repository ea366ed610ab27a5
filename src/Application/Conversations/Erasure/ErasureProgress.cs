namespace Recorder.Application.Conversations.Erasure;

/// <summary>Where a batched erasure stands after a batch.</summary>
/// <param name="Batches">Delete statements run so far.</param>
/// <param name="Rows">Rows deleted so far.</param>
/// <param name="Elapsed">Time since the erasure started.</param>
/// <param name="LongestBatch">The slowest statement so far: the longest any batch held its locks.</param>
public sealed record ErasureProgress(int Batches, long Rows, TimeSpan Elapsed, TimeSpan LongestBatch);
