using Mediator;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

/// <summary>Record one conversation round (one message) as rows.</summary>
/// <param name="UserId">External user id from the message.</param>
/// <param name="Occurred">The round's moment; stored as UTC milliseconds.</param>
/// <param name="Pairs">Question/answer pairs in the order they were sent.</param>
/// <param name="Source">The message the round came from.</param>
public sealed record RecordQaBatchCommand(
    string UserId,
    DateTime Occurred,
    IReadOnlyList<QaPair> Pairs,
    MessageOrigin Source) : ICommand<RecordQaBatchResult>;
