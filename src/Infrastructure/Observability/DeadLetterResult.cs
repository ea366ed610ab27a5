namespace Recorder.Infrastructure.Observability;

/// <summary>Outcome of a dead-letter produce: label <c>result</c> of <c>qywx_recorder_dlq_messages_total</c>.</summary>
public enum DeadLetterResult
{
    Produced,
    Failed,
}
