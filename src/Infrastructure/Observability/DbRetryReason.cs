namespace Recorder.Infrastructure.Observability;

/// <summary>Why an insert was retried: label <c>reason</c> of <c>qywx_recorder_db_retry_total</c>.</summary>
public enum DbRetryReason
{
    Timeout,
    Deadlock,
    Other,
}
