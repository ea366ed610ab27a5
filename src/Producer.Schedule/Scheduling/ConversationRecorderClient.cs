using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;

namespace Recorder.Producer.Schedule.Scheduling;

/// <summary>
/// The scheduler's handle on the recorder. <see cref="SendQasToRecorder"/> is safe to call on the request path:
/// it never throws and returns as soon as the round is queued; failures are logged and counted by the producer.
/// </summary>
public sealed class ConversationRecorderClient(QaRoundProducer producer, TimeProvider time)
{
    /// <summary>Records one round; the round's time is taken now, once, and shared by all its rows.</summary>
    public PublishOutcome SendQasToRecorder(string userId, IReadOnlyList<QaPair> qas)
    {
        try
        {
            return producer.Publish(userId, qas, time.GetUtcNow().UtcDateTime);
        }
#pragma warning disable CA1031 // The caller is answering a user: recording must never break that.
        catch (Exception)
#pragma warning restore CA1031
        {
            return PublishOutcome.Failed;
        }
    }
}
