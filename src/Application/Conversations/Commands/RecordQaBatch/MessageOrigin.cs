namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

/// <summary>Where a round was read from; carried for logs and diagnostics, never stored.</summary>
public sealed record MessageOrigin(string Topic, int Partition, long Offset)
{
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
