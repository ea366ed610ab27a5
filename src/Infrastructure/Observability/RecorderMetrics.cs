using System.Diagnostics.Metrics;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability.Exposition;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// Every instrument of the recorder and its producer, on the meter <c>Recorder</c>. Callers use the typed methods, so
/// metric names and label values cannot be misspelt. All members are thread-safe and cheap enough to call per message.
/// </summary>
/// <remarks>
/// Counters with a fixed label set are kept as totals here and published as observable counters, which makes every
/// series visible at zero from the start and keeps the per-message cost to one interlocked add. Histograms are
/// ordinary synchronous instruments: an exporter must be listening before they are recorded (see
/// <see cref="ObservabilityServiceCollectionExtensions.AddObservability"/>).
/// </remarks>
public sealed class RecorderMetrics : IDisposable
{
    /// <summary>SPEC §7: buckets of <c>qywx_recorder_db_insert_batch_seconds</c>.</summary>
    public static readonly IReadOnlyList<double> DbInsertBatchBuckets = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

    /// <summary>
    /// Receipt to acknowledgement of one record: usually tens of milliseconds, but storage retries can hold a record
    /// for a minute before it is dead-lettered.
    /// </summary>
    public static readonly IReadOnlyList<double> ConsumeBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>Produce to delivery report; bounded by <c>message.timeout.ms</c> = 30 s.</summary>
    public static readonly IReadOnlyList<double> ProducerDeliveryBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    private readonly Histogram<double> _consumeSeconds;
    private readonly Histogram<double> _dbInsertSeconds;
    private readonly Histogram<double> _producerDeliverySeconds;

    private readonly FixedLabelCounter _batches = new("result", "ok", "decode_error", "db_error", "dlq");
    private readonly FixedLabelCounter _qas = new(null);
    private readonly FixedLabelCounter _dbInsertBatches = new("result", "ok", "error", "retry_ok");
    private readonly FixedLabelCounter _dbInsertRows = new("result", "inserted", "ignored", "error");
    private readonly FixedLabelCounter _dbRetries = new("reason", "timeout", "deadlock", "other");
    private readonly FixedLabelCounter _rebalances = new("kind", "assigned", "revoked", "lost");
    private readonly FixedLabelCounter _commits = new("result", "ok", "failed");
    private readonly FixedLabelCounter _deadLetters = new("result", "produced", "failed");
    private readonly FixedLabelCounter _produced = new("result", "ok", "failed", "rejected_too_large");
    private readonly FixedLabelCounter _decodeErrors;
    private readonly FixedLabelCounter _occurredFallbacks = new("reason", "missing", "unparsable", "out_of_range");

    private readonly PartitionGaugeTable _partitions = new();

    private long _inFlightMessages;
    private long _inFlightBytes;
    private long _assignedPartitions;
    private DbPoolSnapshot _lastPoolSnapshot;
    private readonly Lock _poolLock = new();
    private Func<DbPoolSnapshot>? _poolSource;

    /// <param name="meterFactory">
    /// The host's factory when there is one (the meter then belongs to that container, which keeps several hosts in
    /// one process apart); otherwise a private meter owned by this instance.
    /// </param>
    public RecorderMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(Names.MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(Names.MeterName));
        }

        var decodeReasons = Enum.GetValues<DecodeErrorReason>();
        _decodeErrors = new FixedLabelCounter("reason", [.. decodeReasons.Select(r => r.ToCode())]);

        // SPEC §7, Kafka.
        _consumeSeconds = Histogram(Names.ConsumeBatchSeconds, ConsumeBuckets, "Time to process one Kafka record (one round of QAs), from receipt to completion.");
        Counter(Names.BatchesTotal, _batches, "Kafka records processed, by result.");
        Counter(Names.QasTotal, _qas, "Question/answer pairs decoded from Kafka records.");

        // SPEC §7, MySQL.
        _dbInsertSeconds = Histogram(Names.DbInsertBatchSeconds, DbInsertBatchBuckets, "Time of one batched insert, retries included.");
        Counter(Names.DbInsertBatchesTotal, _dbInsertBatches, "Batched inserts, by result.");
        Counter(Names.DbInsertRowsTotal, _dbInsertRows, "Rows offered to the database, by result (ignored = already stored).");
        Counter(Names.DbRetryTotal, _dbRetries, "Insert attempts retried, by reason.");
        Gauge(Names.DbPoolOpen, "Open database connections.", () => Pool().Open);
        Gauge(Names.DbPoolInUse, "Database connections in use.", () => Pool().InUse);
        Gauge(Names.DbPoolIdle, "Idle database connections.", () => Pool().Idle);
        Gauge(Names.DbPoolWaitCount, "Times a caller waited for a database connection, since start.", () => Pool().WaitCount);
        GaugeSeconds(Names.DbPoolWaitSeconds, "Total time callers waited for a database connection, since start.", () => Pool().WaitTime.TotalSeconds);
        Gauge(Names.DbWaitCount, "Same as qywx_recorder_db_pool_wait_count.", () => Pool().WaitCount);
        GaugeSeconds(Names.DbWaitSeconds, "Same as qywx_recorder_db_pool_wait_seconds.", () => Pool().WaitTime.TotalSeconds);

        // Consumer internals.
        _meter.CreateObservableGauge(Names.CommitGateBacklog, _partitions.ObserveBacklog, description: "Completed offsets per partition not yet committable because an earlier offset is still in flight.");
        _meter.CreateObservableGauge(Names.ConsumerLag, _partitions.ObserveLag, description: "Messages between the partition's high watermark and the committed offset.");
        _meter.CreateObservableGauge(Names.PartitionPaused, _partitions.ObservePaused, description: "1 when fetching from the partition is paused (in-flight budget spent or retry back-off).");
        Gauge(Names.AssignedPartitions, "Partitions currently assigned to this consumer.", () => Interlocked.Read(ref _assignedPartitions));
        Counter(Names.RebalancesTotal, _rebalances, "Consumer group rebalance events, by kind.");
        Gauge(Names.InFlightBytes, "Bytes of records received and not yet completed.", () => Interlocked.Read(ref _inFlightBytes));
        Gauge(Names.InFlightMessages, "Records received and not yet completed.", () => Interlocked.Read(ref _inFlightMessages));
        Counter(Names.CommitsTotal, _commits, "Offset commits, by result.");
        Counter(Names.DecodeErrorsTotal, _decodeErrors, "Records that were not valid rounds, by reason.");
        Counter(Names.OccurredFallbackTotal, _occurredFallbacks, "Rounds recorded with the Kafka timestamp or the clock because their occurred header was unusable, by reason.");
        Counter(Names.DlqMessagesTotal, _deadLetters, "Dead-letter produces, by result.");

        // Producer side.
        Counter(Names.ProducerMessagesTotal, _produced, "Rounds handed to the producer, by result.");
        _producerDeliverySeconds = Histogram(Names.ProducerDeliverySeconds, ProducerDeliveryBuckets, "Time from produce to delivery report.");
    }

    public Meter Meter => _meter;

    // ---- Kafka records -------------------------------------------------------------------------------------------

    /// <summary>One record finished, <paramref name="elapsed"/> after it was received.</summary>
    public void ObserveConsume(string topic, TimeSpan elapsed) =>
        _consumeSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("topic", topic));

    public void RecordBatchResult(BatchResult result) => _batches.Add((int)result, 1);

    /// <summary>Pairs decoded from one record (<c>len(qas)</c>).</summary>
    public void AddQas(int count) => _qas.Add(0, count);

    public void RecordDecodeError(DecodeErrorReason reason) => _decodeErrors.Add((int)reason, 1);

    public void RecordOccurredFallback(OccurredFallbackReason reason) => _occurredFallbacks.Add((int)reason, 1);

    // ---- MySQL ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// One batched insert ended. Rows are split as the design does: inserted = affected rows, ignored = offered minus
    /// affected (duplicates), failed = rows of a batch that finally failed.
    /// </summary>
    public void ObserveDbInsert(TimeSpan elapsed, DbInsertResult result, int inserted = 0, int ignored = 0, int failed = 0)
    {
        _dbInsertSeconds.Record(elapsed.TotalSeconds);
        _dbInsertBatches.Add((int)result, 1);
        _dbInsertRows.Add(0, inserted);
        _dbInsertRows.Add(1, ignored);
        _dbInsertRows.Add(2, failed);
    }

    public void RecordDbRetry(DbRetryReason reason) => _dbRetries.Add((int)reason, 1);

    /// <summary>Latest pool state, pushed by whoever samples the pool (e.g. every 10 s).</summary>
    public void ReportDbPool(DbPoolSnapshot snapshot)
    {
        lock (_poolLock)
        {
            _lastPoolSnapshot = snapshot;
        }
    }

    /// <summary>Alternatively, a function sampled at every scrape; null removes it.</summary>
    public void SetDbPoolSource(Func<DbPoolSnapshot>? source) => Volatile.Write(ref _poolSource, source);

    // ---- Consumer ------------------------------------------------------------------------------------------------

    /// <summary>Global in-flight totals (not deltas).</summary>
    public void SetInFlight(long messages, long bytes)
    {
        Interlocked.Exchange(ref _inFlightMessages, messages);
        Interlocked.Exchange(ref _inFlightBytes, bytes);
    }

    public void SetCommitGateBacklog(string topic, int partition, long backlog) =>
        _partitions.SetBacklog(topic, partition, backlog);

    /// <summary>Lag as librdkafka reports it; a negative value (unknown) hides the series.</summary>
    public void SetConsumerLag(string topic, int partition, long lag) => _partitions.SetLag(topic, partition, lag);

    public void SetPartitionPaused(string topic, int partition, bool paused) =>
        _partitions.SetPaused(topic, partition, paused);

    /// <summary>Drops the per-partition series of a partition this consumer no longer owns.</summary>
    public void ForgetPartition(string topic, int partition) => _partitions.Forget(topic, partition);

    public void SetAssignedPartitions(int count) => Interlocked.Exchange(ref _assignedPartitions, count);

    public void RecordRebalance(RebalanceKind kind) => _rebalances.Add((int)kind, 1);

    public void RecordCommit(CommitResult result) => _commits.Add((int)result, 1);

    public void RecordDeadLetter(DeadLetterResult result) => _deadLetters.Add((int)result, 1);

    // ---- Producer ------------------------------------------------------------------------------------------------

    public void RecordProduced(ProducerResult result) => _produced.Add((int)result, 1);

    public void ObserveProducerDelivery(TimeSpan elapsed) => _producerDeliverySeconds.Record(elapsed.TotalSeconds);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private DbPoolSnapshot Pool()
    {
        var source = Volatile.Read(ref _poolSource);
        if (source is not null)
        {
            try
            {
                return source();
            }
#pragma warning disable CA1031 // A failing probe must not break the whole scrape; the last pushed state is shown instead.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        lock (_poolLock)
        {
            return _lastPoolSnapshot;
        }
    }

    private Histogram<double> Histogram(string name, IReadOnlyList<double> buckets, string description) =>
        _meter.CreateHistogram<double>(
            name,
            unit: "s",
            description: description,
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    private void Counter(string name, FixedLabelCounter cells, string description) =>
        _meter.CreateObservableCounter(name, cells.Observe, description: description);

    private void Gauge(string name, string description, Func<long> read) =>
        _meter.CreateObservableGauge(name, read, description: description);

    private void GaugeSeconds(string name, string description, Func<double> read) =>
        _meter.CreateObservableGauge(name, read, unit: "s", description: description);
}
