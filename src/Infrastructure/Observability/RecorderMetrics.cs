using Prometheus;
using Recorder.Infrastructure.Messaging;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// Every metric of the recorder and its producer, as prometheus-net metrics in one <see cref="CollectorRegistry"/>.
/// Callers use the typed methods, so metric names and label values cannot be misspelt. All members are thread-safe
/// and cheap enough to call per message.
/// </summary>
/// <remarks>
/// Counters whose labels take a fixed set of values show every series at 0 from the start. Gauges that describe
/// something sampled elsewhere (the connection pool) are read just before each collection.
/// </remarks>
public sealed class RecorderMetrics
{
    /// <summary>docs/design.md §7.2: buckets of <c>qywx_recorder_db_insert_batch_seconds</c>.</summary>
    public static readonly IReadOnlyList<double> DbInsertBatchBuckets = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

    /// <summary>
    /// Receipt to acknowledgement of one record: usually tens of milliseconds, but storage retries can hold a record
    /// for a minute before it is dead-lettered.
    /// </summary>
    public static readonly IReadOnlyList<double> ConsumeBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>
    /// A record's Kafka timestamp to its rows being durable: tens of milliseconds when keeping up, minutes while a
    /// backlog drains. Every 10 ms up to the 100 ms objective: <c>histogram_quantile</c> interpolates linearly inside
    /// a bucket, and the tail of this distribution thins out towards its bound, so a wide bucket under the objective
    /// overstates the p99 (README, "Latency").
    /// </summary>
    public static readonly IReadOnlyList<double> EndToEndBuckets =
        [0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.125, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

    /// <summary>Produce to delivery report; bounded by <c>message.timeout.ms</c> = 30 s.</summary>
    public static readonly IReadOnlyList<double> ProducerDeliveryBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Histogram _consumeSeconds;
    private readonly Histogram _endToEndSeconds;
    private readonly EnumLabelledCounter<BatchResult> _batches;
    private readonly Counter _qas;
    private readonly EnumLabelledCounter<DecodeErrorReason> _decodeErrors;

    private readonly Histogram _dbInsertSeconds;
    private readonly EnumLabelledCounter<DbInsertResult> _dbInsertBatches;
    private readonly Counter.Child _rowsInserted;
    private readonly Counter.Child _rowsIgnored;
    private readonly Counter.Child _rowsFailed;
    private readonly EnumLabelledCounter<DbRetryReason> _dbRetries;
    private readonly DbPoolGauges _pool;

    private readonly PartitionGauges _partitions;
    private readonly Gauge _assignedPartitions;
    private readonly Gauge _ready;
    private readonly EnumLabelledCounter<RebalanceKind> _rebalances;
    private readonly Gauge _inFlightBytes;
    private readonly Gauge _inFlightMessages;
    private readonly EnumLabelledCounter<CommitResult> _commits;
    private readonly EnumLabelledCounter<DeadLetterResult> _deadLetters;
    private readonly EnumLabelledCounter<OccurredFallbackReason> _occurredFallbacks;

    private readonly EnumLabelledCounter<ProducerResult> _produced;
    private readonly Histogram _producerDeliverySeconds;
    private readonly ProducerGauges _producer;

    private readonly Counter _traceContextInvalid;
    private readonly Counter _fetchedMessages;
    private readonly Counter _fetchedBytes;

    /// <param name="registry">
    /// The host's registry (one per host, so several hosts in one process keep their values apart); when null, a
    /// private registry of this instance, e.g. for a command-line producer that exposes nothing.
    /// </param>
    public RecorderMetrics(CollectorRegistry? registry = null)
    {
        Registry = registry ?? Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);

        // docs/design.md §7.2, Kafka.
        _consumeSeconds = Histogram(factory, Names.ConsumeBatchSeconds, ConsumeBuckets, "Time to process one Kafka record (one round of QAs), from receipt to completion.", "topic");
        _endToEndSeconds = Histogram(factory, Names.EndToEndSeconds, EndToEndBuckets, "Time from a record's Kafka timestamp to its rows being durable in MySQL.");
        _batches = new(factory, Names.BatchesTotal, "Kafka records processed, by result.", "result");
        _qas = factory.CreateCounter(Names.QasTotal, "Question/answer pairs decoded from Kafka records.");
        _decodeErrors = new(factory, Names.DecodeErrorsTotal, "Records that were not valid rounds, by reason.", "reason", r => r.ToCode());

        // docs/design.md §7.2, MySQL.
        _dbInsertSeconds = Histogram(factory, Names.DbInsertBatchSeconds, DbInsertBatchBuckets, "Time of one batched insert, retries included.");
        _dbInsertBatches = new(factory, Names.DbInsertBatchesTotal, "Batched inserts, by result.", "result");
        var rows = factory.CreateCounter(Names.DbInsertRowsTotal, "Rows offered to the database, by result (ignored = already stored).", ["result"]);
        _rowsInserted = rows.WithLabels("inserted");
        _rowsIgnored = rows.WithLabels("ignored");
        _rowsFailed = rows.WithLabels("error");
        _dbRetries = new(factory, Names.DbRetryTotal, "Insert attempts retried, by reason.", "reason");
        _pool = new DbPoolGauges(factory, Registry);

        // Consumer internals.
        _partitions = new PartitionGauges(factory);
        _assignedPartitions = factory.CreateGauge(Names.AssignedPartitions, "Partitions currently assigned to this consumer.");
        // Starts at 0: an instance is not ready until its probe has passed once.
        _ready = factory.CreateGauge(Names.Ready, "1 when the readiness probe (/readyz) last passed, 0 otherwise.");
        _rebalances = new(factory, Names.RebalancesTotal, "Consumer group rebalance events, by kind.", "kind");
        _inFlightBytes = factory.CreateGauge(Names.InFlightBytes, "Bytes of records received and not yet completed.");
        _inFlightMessages = factory.CreateGauge(Names.InFlightMessages, "Records received and not yet completed.");
        _fetchedMessages = factory.CreateCounter(Names.FetchedMessagesTotal,
            "Records librdkafka fetched from brokers (from its statistics); above the records processed when paused partitions fetch again what was pre-fetched for them.");
        _fetchedBytes = factory.CreateCounter(Names.FetchedBytesTotal, "Key and value bytes of the records librdkafka fetched, after decompression (from its statistics).");
        _commits = new(factory, Names.CommitsTotal, "Offset commits, by result.", "result");
        _deadLetters = new(factory, Names.DlqMessagesTotal, "Dead-letter produces, by result.", "result");
        _occurredFallbacks = new(factory, Names.OccurredFallbackTotal,
            "Rounds recorded with the Kafka timestamp or the clock because their occurred header was unusable, by reason.", "reason");

        // Producer side.
        _produced = new(factory, Names.ProducerMessagesTotal, "Rounds handed to the producer, by result.", "result");
        _producerDeliverySeconds = Histogram(factory, Names.ProducerDeliverySeconds, ProducerDeliveryBuckets, "Time from produce to delivery report.");
        _producer = new ProducerGauges(factory, Registry);

        // Tracing.
        _traceContextInvalid = factory.CreateCounter(Names.TraceContextInvalidTotal,
            "Records whose traceparent header was not a valid W3C trace context; they were recorded in a new trace.");
    }

    /// <summary>The registry holding these metrics; <c>/metrics</c> serves it.</summary>
    public CollectorRegistry Registry { get; }

    // ---- Kafka records -------------------------------------------------------------------------------------------

    /// <summary>One record finished, <paramref name="elapsed"/> after it was received.</summary>
    public void ObserveConsume(string topic, TimeSpan elapsed) => _consumeSeconds.WithLabels(topic).Observe(elapsed.TotalSeconds);

    /// <summary>A record's rows became durable <paramref name="elapsed"/> after its Kafka timestamp.</summary>
    public void ObserveEndToEnd(TimeSpan elapsed)
    {
        // A producer clock ahead of ours would make it negative: count it as immediate rather than drop it.
        _endToEndSeconds.Observe(Math.Max(0, elapsed.TotalSeconds));
    }

    public void RecordBatchResult(BatchResult result) => _batches.Add(result);

    /// <summary>Pairs decoded from one record (<c>len(qas)</c>).</summary>
    public void AddQas(int count) => IncrementBy(_qas, count);

    public void RecordDecodeError(DecodeErrorReason reason) => _decodeErrors.Add(reason);

    public void RecordOccurredFallback(OccurredFallbackReason reason) => _occurredFallbacks.Add(reason);

    // ---- MySQL ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// One batched insert ended. Rows are split as the design does: inserted = affected rows, ignored = offered minus
    /// affected (duplicates), failed = rows of a batch that finally failed.
    /// </summary>
    public void ObserveDbInsert(TimeSpan elapsed, DbInsertResult result, int inserted = 0, int ignored = 0, int failed = 0)
    {
        _dbInsertSeconds.Observe(elapsed.TotalSeconds);
        _dbInsertBatches.Add(result);
        IncrementBy(_rowsInserted, inserted);
        IncrementBy(_rowsIgnored, ignored);
        IncrementBy(_rowsFailed, failed);
    }

    /// <summary>
    /// Rows that messages committed on their own made durable before a later message of their batch failed; the
    /// batch itself is observed once, when it ends (<see cref="ObserveDbInsert"/>).
    /// </summary>
    public void AddDbRows(int inserted, int ignored)
    {
        IncrementBy(_rowsInserted, inserted);
        IncrementBy(_rowsIgnored, ignored);
    }

    public void RecordDbRetry(DbRetryReason reason) => _dbRetries.Add(reason);

    /// <summary>Latest pool state, pushed by whoever samples the pool (e.g. every 10 s).</summary>
    public void ReportDbPool(DbPoolSnapshot snapshot) => _pool.Report(snapshot);

    /// <summary>
    /// Alternatively, a function sampled at every scrape; null removes it. When it throws, the last pushed state is
    /// shown.
    /// </summary>
    public void SetDbPoolSource(Func<DbPoolSnapshot>? source) => _pool.SetSource(source);

    // ---- Consumer ------------------------------------------------------------------------------------------------

    /// <summary>Global in-flight totals (not deltas).</summary>
    public void SetInFlight(long messages, long bytes)
    {
        _inFlightMessages.Set(messages);
        _inFlightBytes.Set(bytes);
    }

    /// <summary>A negative value (unknown) hides the partition's series.</summary>
    public void SetCommitGateBacklog(string topic, int partition, long backlog) => _partitions.SetBacklog(topic, partition, backlog);

    /// <summary>Lag as librdkafka reports it; a negative value (unknown) hides the series.</summary>
    public void SetConsumerLag(string topic, int partition, long lag) => _partitions.SetLag(topic, partition, lag);

    /// <summary>Lag in seconds (see <see cref="Names.ConsumerLagSeconds"/>); negative or NaN hides the series.</summary>
    public void SetConsumerLagSeconds(string topic, int partition, double seconds) => _partitions.SetLagSeconds(topic, partition, seconds);

    /// <summary>Records and bytes fetched since the previous statistics report (differences, not librdkafka's running totals).</summary>
    public void AddFetched(long messages, long bytes)
    {
        IncrementBy(_fetchedMessages, messages);
        IncrementBy(_fetchedBytes, bytes);
    }

    public void SetPartitionPaused(string topic, int partition, bool paused) => _partitions.SetPaused(topic, partition, paused);

    /// <summary>Drops the per-partition series of a partition this consumer no longer owns.</summary>
    public void ForgetPartition(string topic, int partition) => _partitions.Forget(topic, partition);

    public void SetAssignedPartitions(int count) => _assignedPartitions.Set(count);

    public void RecordRebalance(RebalanceKind kind) => _rebalances.Add(kind);

    /// <summary>The latest verdict of the readiness probe.</summary>
    public void SetReady(bool ready) => _ready.Set(ready ? 1 : 0);

    public void RecordCommit(CommitResult result) => _commits.Add(result);

    public void RecordDeadLetter(DeadLetterResult result) => _deadLetters.Add(result);

    // ---- Producer ------------------------------------------------------------------------------------------------

    public void RecordProduced(ProducerResult result) => _produced.Add(result);

    public void ObserveProducerDelivery(TimeSpan elapsed) => _producerDeliverySeconds.Observe(elapsed.TotalSeconds);

    /// <summary>Where the queue gauges are read at every scrape; null removes it (the gauges keep their last value).</summary>
    public void SetProducerQueueSource(Func<ProducerBacklog>? source) => _producer.SetQueueSource(source);

    /// <summary>Request counts since the previous statistics report (differences, not librdkafka's running totals).</summary>
    public void AddProducerRequests(long requests, long retries, long errors) => _producer.AddRequests(requests, retries, errors);

    /// <summary>The slowest broker's average round trip; null (no request in the interval) keeps the last value.</summary>
    public void SetProducerBrokerRtt(TimeSpan? rtt) => _producer.SetBrokerRtt(rtt);

    // ---- Tracing -------------------------------------------------------------------------------------------------

    /// <summary>A record carried a <c>traceparent</c> header that is not a valid W3C trace context.</summary>
    public void RecordInvalidTraceContext() => _traceContextInvalid.Inc();

    private static Histogram Histogram(MetricFactory factory, string name, IReadOnlyList<double> buckets, string help, params string[] labelNames) =>
        factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration { Buckets = [.. buckets] });

    // Counters only go up; prometheus-net throws on a negative increment, which must never take a message down.
    private static void IncrementBy(ICounter counter, long count)
    {
        if (count > 0)
        {
            counter.Inc(count);
        }
    }
}
