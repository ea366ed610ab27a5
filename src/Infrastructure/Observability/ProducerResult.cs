namespace Recorder.Infrastructure.Observability;

/// <summary>Outcome of producing a round: label <c>result</c> of <c>qywx_recorder_producer_messages_total</c>.</summary>
public enum ProducerResult
{
    Ok,
    Failed,
    RejectedTooLarge,

    /// <summary>Not sent: recording is switched off (<c>Producer:Enabled=false</c>, docs/design.md §3.3).</summary>
    Disabled,
}
