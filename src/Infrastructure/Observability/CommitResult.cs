namespace Recorder.Infrastructure.Observability;

/// <summary>Outcome of an offset commit: label <c>result</c> of <c>qywx_recorder_commits_total</c>.</summary>
public enum CommitResult
{
    Ok,
    Failed,
}
