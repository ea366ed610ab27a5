namespace Recorder.Infrastructure.Observability;

/// <summary>Outcome of one insert batch: label <c>result</c> of <c>qywx_recorder_db_insert_batches_total</c>.</summary>
public enum DbInsertResult
{
    Ok,
    Error,
    RetryOk,
}
