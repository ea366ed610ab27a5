namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>What <see cref="OffsetManager.Complete"/> did with a completion.</summary>
public enum CompletionResult
{
    /// <summary>Unknown, stale (revoked or lost assignment) or duplicate completion; nothing changed.</summary>
    Ignored,

    /// <summary>The offset is now done.</summary>
    Accepted,

    /// <summary>The offset is now done and the completion count since the last batch reached its threshold.</summary>
    CommitDue,
}
