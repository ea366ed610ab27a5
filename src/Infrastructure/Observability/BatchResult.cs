namespace Recorder.Infrastructure.Observability;

/// <summary>
/// Outcome of one consumed record: label <c>result</c> of <c>qywx_recorder_batches_total</c>. A failed record is
/// counted once for its cause (<see cref="DecodeError"/> or <see cref="DbError"/>) and once more as
/// <see cref="Dlq"/> when it was dead-lettered, so <c>dlq</c> shows how many records left the main flow.
/// </summary>
public enum BatchResult
{
    /// <summary>The round's rows are durable (or it had none) and the record is acknowledged.</summary>
    Ok,

    /// <summary>Not a valid round (decode or validation failure).</summary>
    DecodeError,

    /// <summary>Storage failed beyond the retry budget, or refused the rows.</summary>
    DbError,

    /// <summary>The record was written to the dead-letter topic and acknowledged.</summary>
    Dlq,
}
