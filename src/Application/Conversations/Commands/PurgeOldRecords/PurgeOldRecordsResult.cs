using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Conversations.Commands.PurgeOldRecords;

/// <summary>What a purge did.</summary>
/// <param name="Cutoff">Rows that happened before this moment (UTC, whole milliseconds) were selected.</param>
/// <param name="Erasure">Rows, batches and times.</param>
public sealed record PurgeOldRecordsResult(DateTime Cutoff, ErasureResult Erasure);
