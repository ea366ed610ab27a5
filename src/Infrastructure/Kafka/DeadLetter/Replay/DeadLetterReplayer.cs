using Confluent.Kafka;
using Recorder.Infrastructure.Messaging;

namespace Recorder.Infrastructure.Kafka.DeadLetter.Replay;

/// <summary>
/// Sends dead-lettered records back to the source topic (docs/design.md §5.10).
/// </summary>
/// <remarks>
/// Progress is the committed offsets of the request's own consumer group on the dead-letter topic. The reader only
/// assigns partitions (it never joins the group) and starts at the group's committed offsets. A record is decided when
/// the filter passed over it, it cannot be replayed, or its copy was acknowledged by the source topic (idempotent,
/// acks=all); every <see cref="DeadLetterReplayOptions.CommitEvery"/> records the deliveries are awaited and each
/// partition's progress moves to just past its last decided record with no undecided or failed one before it. So a
/// rerun of the same request sends nothing twice, and a crash between an acknowledgement and the next commit re-sends
/// at most one batch (which the unique key absorbs). Records the filter passed over are behind this group's progress
/// only: another filter has another group and reads them again.
/// </remarks>
public sealed class DeadLetterReplayer(OperatorKafkaClients clients, DeadLetterReplayOptions options, string deadLetterTopic,
    string sourceTopic, TimeProvider time)
{
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Bytes of records produced but not yet awaited: well under the producer's queue (100 MiB), which a batch of large
    /// rounds would otherwise overflow (local queue full would fail the run).
    /// </summary>
    private const long MaxBatchBytes = 32L * 1024 * 1024;

    public async Task<ReplayReport> RunAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = new ReplayReport(request, deadLetterTopic, sourceTopic);
        using var admin = clients.CreateAdmin(options.ClientId);
        var partitions = OperatorKafkaClients.Partitions(admin, deadLetterTopic, options.RequestTimeout);
        if (partitions is null)
        {
            report.Error = $"topic {deadLetterTopic} does not exist";
            return report;
        }

        using var reader = clients.CreateReader(options.ClientId, request.Group);
        var committed = reader.Committed(partitions.Select(p => new TopicPartition(deadLetterTopic, p)), options.RequestTimeout)
            .Where(c => c.Offset.Value >= 0)
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
        var snapshot = TopicSnapshotReader.Open(reader, deadLetterTopic, partitions, options.RequestTimeout,
            p => committed.TryGetValue(p, out var offset) ? offset : null);
        report.Ranges = snapshot.Ranges;

        using var producer = request.DryRun ? null : clients.CreateProducer(options.ClientId, options.DeliveryTimeout);
        var batch = new Batch();
        try
        {
            await ReadAsync(new Run(request, report, producer), snapshot, reader, batch, cancellationToken);
        }
        finally
        {
            // Whatever happened, what was acknowledged is recorded, so the next run does not send it again.
            await CommitAsync(request, report, reader, batch);
            reader.Close();
        }

        return report;
    }

    private async Task ReadAsync(Run run, TopicSnapshotReader snapshot, IConsumer<byte[], byte[]> reader, Batch batch, CancellationToken cancellationToken)
    {
        var (request, report) = (run.Request, run.Report);
        var lastRecordAt = time.GetUtcNow();
        while (!snapshot.IsComplete && report.Error is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Limit is { } limit && report.Sendable >= limit)
            {
                report.StoppedAtLimit = true;
                return;
            }

            ConsumeResult<byte[], byte[]>? consumed;
            try
            {
                consumed = snapshot.Next(PollWait);
            }
            catch (ConsumeException ex)
            {
                report.Error = $"reading {deadLetterTopic} failed: {ex.Error.Code} {ex.Error.Reason}";
                return;
            }

            if (consumed is null)
            {
                if (!snapshot.IsComplete && time.GetUtcNow() - lastRecordAt > options.ReadTimeout)
                {
                    report.Error = $"{deadLetterTopic} delivered nothing for {options.ReadTimeout.TotalSeconds:0.#} s before its end was reached";
                }

                continue;
            }

            lastRecordAt = time.GetUtcNow();
            var delivery = Decide(DeadLetterRecord.From(consumed), run);
            batch.Add(consumed.Partition.Value, consumed.Offset.Value, delivery, delivery is null ? 0 : Size(consumed.Message));
            if (batch.Count >= options.CommitEvery || batch.Bytes >= MaxBatchBytes)
            {
                await CommitAsync(request, report, reader, batch);
            }
        }
    }

    /// <summary>Counts the record and, when it is to be sent, starts its produce (the delivery is awaited with its batch).</summary>
    private Delivery? Decide(DeadLetterRecord record, Run run)
    {
        var report = run.Report;
        var counts = report.For(record.Reason);
        counts.Read++;
        if (!run.Request.Filter.Matches(record))
        {
            counts.Skipped++;
            return null;
        }

        counts.Matched++;
        if (record.ValueOmitted || !string.Equals(record.SourceTopic, sourceTopic, StringComparison.Ordinal))
        {
            counts.Unreplayable++;
            report.NoteUnreplayable(record);
            return null;
        }

        // One copy per source record: a second copy is the same record, and for a round whose time the recorder takes
        // from its clock, sending both would store it twice.
        if (record.SourceLocation is { } location && !run.SentSources.Add(location))
        {
            counts.Duplicates++;
            return null;
        }

        // Asks the decoder's own rule what the recorder will make of the record's time (docs/design.md §2.4).
        DateTime? timestamp = record.SourceTimestampMs is { } ms ? DateTime.UnixEpoch.AddMilliseconds(ms) : null;
        if (OccurredResolution.Resolve(record.Occurred, timestamp, time.GetUtcNow().UtcDateTime).Source == OccurredSource.Clock)
        {
            report.TimedAtReplay++;
        }

        return run.Producer is null ? null : new Delivery(counts, run.Producer.ProduceAsync(sourceTopic, ReplayMessage.From(record)));
    }

    /// <summary>Awaits the batch's deliveries, then commits each partition's decided prefix (not in a dry run).</summary>
    private async Task CommitAsync(ReplayRequest request, ReplayReport report, IConsumer<byte[], byte[]> reader, Batch batch)
    {
        var positions = new List<TopicPartitionOffset>();
        foreach (var (partition, decisions) in batch.Take())
        {
            long? position = null;
            var blocked = false;
            foreach (var (offset, delivery) in decisions)
            {
                var acknowledged = delivery is null || await delivery.AwaitAsync(report);
                blocked |= !acknowledged;
                if (!blocked)
                {
                    position = offset + 1;
                }
            }

            if (position is { } next)
            {
                positions.Add(new TopicPartitionOffset(deadLetterTopic, partition, next));
            }
        }

        if (request.DryRun || positions.Count == 0)
        {
            return;
        }

        try
        {
            reader.Commit(positions);
            foreach (var position in positions)
            {
                report.Committed[position.Partition.Value] = position.Offset.Value;
            }
        }
        catch (KafkaException ex)
        {
            report.Error ??= $"committing the progress of group {request.Group} failed: {ex.Error.Code} {ex.Error.Reason}";
        }
    }

    private static long Size(Message<byte[], byte[]> message) =>
        (message.Key?.Length ?? 0) + (message.Value?.Length ?? 0) + (message.Headers?.Sum(h => h.Key.Length + (h.GetValueBytes()?.Length ?? 0)) ?? 0);

    /// <summary>One run's request, report, producer (none in a dry run) and the source records it sent.</summary>
    private sealed record Run(ReplayRequest Request, ReplayReport Report, IProducer<byte[], byte[]>? Producer)
    {
        public HashSet<string> SentSources { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Decided records since the last commit, in the order read, per dead-letter partition.</summary>
    private sealed class Batch
    {
        private Dictionary<int, List<(long Offset, Delivery? Delivery)>> _partitions = [];

        public int Count { get; private set; }

        /// <summary>Bytes of the records being produced.</summary>
        public long Bytes { get; private set; }

        public void Add(int partition, long offset, Delivery? delivery, long bytes)
        {
            if (!_partitions.TryGetValue(partition, out var decisions))
            {
                decisions = [];
                _partitions[partition] = decisions;
            }

            decisions.Add((offset, delivery));
            Count++;
            Bytes += bytes;
        }

        public Dictionary<int, List<(long Offset, Delivery? Delivery)>> Take()
        {
            var taken = _partitions;
            _partitions = [];
            Count = 0;
            Bytes = 0;
            return taken;
        }
    }

    /// <summary>One produce in flight and the reason it counts under.</summary>
    private sealed class Delivery(ReplayCounts counts, Task<DeliveryResult<byte[], byte[]>> produce)
    {
        /// <summary>True once acknowledged; false (counted, first error kept) when not.</summary>
        public async Task<bool> AwaitAsync(ReplayReport report)
        {
            try
            {
                await produce;
                counts.Sent++;
                return true;
            }
            catch (ProduceException<byte[], byte[]> ex)
            {
                counts.Failed++;
                report.Error ??= $"producing to {report.SourceTopic} failed: {ex.Error.Code} {ex.Error.Reason}";
                return false;
            }
        }
    }
}
