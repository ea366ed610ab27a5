using Recorder.Domain.Conversations;

namespace Recorder.Producer.Schedule.Scheduling;

/// <summary>
/// The order the design fixes (docs/design.md §3.1): the round is handed to the recorder first, then the AI is
/// called. Recording is asynchronous, so the AI call is not delayed, and a round is recorded even when the AI call
/// fails.
/// </summary>
public sealed class KeywordsScheduler(ConversationRecorderClient recorder, IIpangClient ipang)
{
    public Task<string> AnswerAsync(string userId, IReadOnlyList<QaPair> qas, CancellationToken cancellationToken)
    {
        recorder.SendQasToRecorder(userId, qas);
        return ipang.AskAsync(userId, qas, cancellationToken);
    }
}
