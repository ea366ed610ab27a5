using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;

namespace Recorder.Infrastructure.Kafka.DeadLetter;

/// <summary>
/// <c>dlq inspect</c>: reads the dead-letter topic from its first retained record to the end it had when reading
/// began, with an assign-only reader that never joins or commits (its group id, the inspect client id, only
/// satisfies the client library), so no replay's progress moves.
/// </summary>
public sealed class DeadLetterInspector(OperatorKafkaClients clients, DeadLetterReplayOptions options, string deadLetterTopic, TimeProvider time)
{
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);

    /// <exception cref="InvalidOperationException">The topic does not exist or stops delivering before its end.</exception>
    public Task<DeadLetterInspection> InspectAsync(bool byUser, CancellationToken cancellationToken) =>
        // librdkafka's consume call blocks; the command has nothing else to do meanwhile, but its caller may.
        Task.Run(() => Inspect(byUser, cancellationToken), cancellationToken);

    private DeadLetterInspection Inspect(bool byUser, CancellationToken cancellationToken)
    {
        using var admin = clients.CreateAdmin(options.InspectClientId);
        var partitions = OperatorKafkaClients.Partitions(admin, deadLetterTopic, options.RequestTimeout)
            ?? throw new InvalidOperationException($"topic {deadLetterTopic} does not exist");
        using var reader = clients.CreateReader(options.InspectClientId, options.InspectClientId);
        var snapshot = TopicSnapshotReader.Open(reader, deadLetterTopic, partitions, options.RequestTimeout);
        var inspection = new DeadLetterInspection { Ranges = snapshot.Ranges, ByUser = byUser ? new(StringComparer.Ordinal) : null };
        var lastRecordAt = time.GetUtcNow();
        while (!snapshot.IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsumeResult<byte[], byte[]>? consumed;
            try
            {
                consumed = snapshot.Next(PollWait);
            }
            catch (ConsumeException ex)
            {
                throw new InvalidOperationException($"reading {deadLetterTopic} failed: {ex.Error.Code} {ex.Error.Reason}", ex);
            }

            if (consumed is not null)
            {
                lastRecordAt = time.GetUtcNow();
                inspection.Add(DeadLetterRecord.From(consumed));
            }
            else if (!snapshot.IsComplete && time.GetUtcNow() - lastRecordAt > options.ReadTimeout)
            {
                throw new InvalidOperationException(
                    $"{deadLetterTopic} delivered nothing for {options.ReadTimeout.TotalSeconds:0.#} s before its end was reached");
            }
        }

        reader.Close();
        return inspection;
    }
}
