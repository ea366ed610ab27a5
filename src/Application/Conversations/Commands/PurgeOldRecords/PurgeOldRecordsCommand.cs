using Mediator;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Conversations.Commands.PurgeOldRecords;

/// <summary>Delete the rows whose round happened more than <paramref name="OlderThan"/> ago (the retention purge).</summary>
/// <param name="OlderThan">Retention: rows with <c>occurred</c> before now − this go.</param>
/// <param name="BatchRows">Rows per delete statement (each its own transaction).</param>
/// <param name="DryRun">Only count the rows that would go.</param>
public sealed record PurgeOldRecordsCommand(TimeSpan OlderThan, int BatchRows = BatchedErasure.DefaultBatchRows, bool DryRun = false)
    : ICommand<PurgeOldRecordsResult>
{
    /// <summary>Told after every batch; for progress output.</summary>
    public IProgress<ErasureProgress>? Progress { get; init; }
}
