using Mediator;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Conversations.Commands.ForgetUser;

/// <summary>Erase every stored row of one user (a request to be forgotten).</summary>
/// <param name="UserId">The external user id exactly as stored; compared byte for byte.</param>
/// <param name="BatchRows">Rows per delete statement (each its own transaction).</param>
/// <param name="DryRun">Only count the user's rows.</param>
public sealed record ForgetUserCommand(string UserId, int BatchRows = BatchedErasure.DefaultBatchRows, bool DryRun = false)
    : ICommand<ErasureResult>
{
    /// <summary>Told after every batch; for progress output.</summary>
    public IProgress<ErasureProgress>? Progress { get; init; }

    // The user id is personal data and this request's whole point is to get rid of it.
    public override string ToString() => $"{nameof(ForgetUserCommand)} {{ BatchRows = {BatchRows}, DryRun = {DryRun} }}";
}
