namespace Recorder.Infrastructure.Observability;

/// <summary>Exposed metric names. The first block is fixed by docs/design.md §7.2; do not rename.</summary>
public static class RecorderMetricNames
{
    public const string ConsumeBatchSeconds = "qywx_recorder_consume_batch_seconds";
    public const string BatchesTotal = "qywx_recorder_batches_total";
    public const string QasTotal = "qywx_recorder_qas_total";
    public const string DbInsertBatchSeconds = "qywx_recorder_db_insert_batch_seconds";
    public const string DbInsertBatchesTotal = "qywx_recorder_db_insert_batches_total";
    public const string DbInsertRowsTotal = "qywx_recorder_db_insert_rows_total";
    public const string DbRetryTotal = "qywx_recorder_db_retry_total";
    public const string DbPoolOpen = "qywx_recorder_db_pool_open";
    public const string DbPoolInUse = "qywx_recorder_db_pool_in_use";
    public const string DbPoolIdle = "qywx_recorder_db_pool_idle";
    public const string DbPoolWaitCount = "qywx_recorder_db_pool_wait_count";
    public const string DbPoolWaitSeconds = "qywx_recorder_db_pool_wait_seconds";

    // The two wait gauges are also exposed without "_pool" (docs/design.md §7.2), so that dashboards written
    // against either spelling work.
    public const string DbWaitCount = "qywx_recorder_db_wait_count";
    public const string DbWaitSeconds = "qywx_recorder_db_wait_seconds";

    public const string CommitGateBacklog = "qywx_recorder_commit_gate_backlog";
    public const string ConsumerLag = "qywx_recorder_consumer_lag";
    public const string ConsumerLagSeconds = "qywx_recorder_consumer_lag_seconds";
    public const string EndToEndSeconds = "qywx_recorder_end_to_end_seconds";
    public const string PartitionPaused = "qywx_recorder_partition_paused";
    public const string AssignedPartitions = "qywx_recorder_assigned_partitions";

    /// <summary>1 while the instance's readiness probe (<c>/readyz</c>) passes, else 0; alerts read it (ops/prometheus).</summary>
    public const string Ready = "qywx_recorder_ready";
    public const string RebalancesTotal = "qywx_recorder_rebalances_total";
    public const string InFlightBytes = "qywx_recorder_inflight_bytes";
    public const string InFlightMessages = "qywx_recorder_inflight_messages";
    public const string FetchedMessagesTotal = "qywx_recorder_fetched_messages_total";
    public const string FetchedBytesTotal = "qywx_recorder_fetched_bytes_total";
    public const string CommitsTotal = "qywx_recorder_commits_total";
    public const string DecodeErrorsTotal = "qywx_recorder_decode_errors_total";
    public const string OccurredFallbackTotal = "qywx_recorder_occurred_fallback_total";
    public const string DlqMessagesTotal = "qywx_recorder_dlq_messages_total";
    public const string ProducerMessagesTotal = "qywx_recorder_producer_messages_total";
    public const string ProducerDeliverySeconds = "qywx_recorder_producer_delivery_seconds";
    public const string ProducerQueueMessages = "qywx_recorder_producer_queue_messages";
    public const string ProducerQueueBytes = "qywx_recorder_producer_queue_bytes";
    public const string ProducerRequestsTotal = "qywx_recorder_producer_requests_total";
    public const string ProducerRequestRetriesTotal = "qywx_recorder_producer_request_retries_total";
    public const string ProducerRequestErrorsTotal = "qywx_recorder_producer_request_errors_total";
    public const string ProducerBrokerRttSeconds = "qywx_recorder_producer_broker_rtt_seconds";

    // Tracing (docs/design.md §7.6).
    public const string TraceContextInvalidTotal = "qywx_recorder_trace_context_invalid_total";

    // Application commands (the mediator pipeline).
    public const string CommandSeconds = "qywx_recorder_command_seconds";
    public const string CommandsTotal = "qywx_recorder_commands_total";
}
