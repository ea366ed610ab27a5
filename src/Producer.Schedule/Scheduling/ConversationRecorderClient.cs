using Microsoft.Extensions.Options;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;

namespace Recorder.Producer.Schedule.Scheduling;

/// <summary>
/// The scheduler's handle on the recorder. <see cref="SendQasToRecorder"/> is safe to call on the request path:
/// it never throws and returns as soon as the round is queued; failures are logged and counted by the producer.
/// </summary>
/// <param name="options">
/// Read on every call, so that <c>Producer:Enabled</c> follows a reloaded configuration without a restart.
/// </param>
public sealed class ConversationRecorderClient(QaRoundProducer producer, IOptionsMonitor<KafkaProducerOptions>? options, TimeProvider time)
{
    /// <summary>A client without the switch, always sending: for tools that produce on purpose (benchmarks).</summary>
    public ConversationRecorderClient(QaRoundProducer producer, TimeProvider time)
        : this(producer, null, time)
    {
    }

    /// <summary>
    /// Records one round; the round's time is taken now, once, and shared by all its rows. With recording switched
    /// off (<c>Producer:Enabled=false</c>) it returns <see cref="PublishOutcome.Disabled"/> at once and only counts
    /// the round. Otherwise the round's <c>send</c> span is a child of the caller's current span and the record
    /// carries the trace context to the recorder.
    /// </summary>
    public PublishOutcome SendQasToRecorder(string userId, IReadOnlyList<QaPair> qas)
    {
        try
        {
            if (options is not null && !options.CurrentValue.Enabled)
            {
                producer.RecordDisabled();
                return PublishOutcome.Disabled;
            }

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
