using Prometheus;
using Recorder.Application.Common.Interfaces;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Observability;

/// <summary>The metric contract of docs/design.md §7, read from prometheus-net's real output.</summary>
public sealed class RecorderMetricsExpositionTests
{
    // A registry of this test's own: tests running in parallel never share values.
    private readonly RecorderMetrics _metrics = new();

    private Task<Exposition> Scrape() => Exposition.ScrapeAsync(_metrics.Registry);

    [Theory]
    [InlineData("qywx_recorder_consume_batch_seconds", "histogram")]
    [InlineData("qywx_recorder_batches_total", "counter")]
    [InlineData("qywx_recorder_qas_total", "counter")]
    [InlineData("qywx_recorder_db_insert_batch_seconds", "histogram")]
    [InlineData("qywx_recorder_db_insert_batches_total", "counter")]
    [InlineData("qywx_recorder_db_insert_rows_total", "counter")]
    [InlineData("qywx_recorder_db_retry_total", "counter")]
    [InlineData("qywx_recorder_db_pool_open", "gauge")]
    [InlineData("qywx_recorder_db_pool_in_use", "gauge")]
    [InlineData("qywx_recorder_db_pool_idle", "gauge")]
    [InlineData("qywx_recorder_db_pool_wait_count", "gauge")]
    [InlineData("qywx_recorder_db_pool_wait_seconds", "gauge")]
    [InlineData("qywx_recorder_db_wait_count", "gauge")]
    [InlineData("qywx_recorder_db_wait_seconds", "gauge")]
    [InlineData("qywx_recorder_commit_gate_backlog", "gauge")]
    [InlineData("qywx_recorder_consumer_lag", "gauge")]
    [InlineData("qywx_recorder_partition_paused", "gauge")]
    [InlineData("qywx_recorder_assigned_partitions", "gauge")]
    [InlineData("qywx_recorder_ready", "gauge")]
    [InlineData("qywx_recorder_rebalances_total", "counter")]
    [InlineData("qywx_recorder_inflight_bytes", "gauge")]
    [InlineData("qywx_recorder_inflight_messages", "gauge")]
    [InlineData("qywx_recorder_commits_total", "counter")]
    [InlineData("qywx_recorder_decode_errors_total", "counter")]
    [InlineData("qywx_recorder_dlq_messages_total", "counter")]
    [InlineData("qywx_recorder_producer_messages_total", "counter")]
    [InlineData("qywx_recorder_producer_delivery_seconds", "histogram")]
    [InlineData("qywx_recorder_producer_queue_messages", "gauge")]
    [InlineData("qywx_recorder_producer_queue_bytes", "gauge")]
    [InlineData("qywx_recorder_producer_requests_total", "counter")]
    [InlineData("qywx_recorder_producer_request_retries_total", "counter")]
    [InlineData("qywx_recorder_producer_request_errors_total", "counter")]
    [InlineData("qywx_recorder_producer_broker_rtt_seconds", "gauge")]
    [InlineData("qywx_recorder_trace_context_invalid_total", "counter")]
    public async Task Every_metric_is_exposed_from_the_start_with_its_type(string name, string type)
    {
        var family = (await Scrape())[name];

        Assert.Equal(type, family.Type);
        Assert.False(string.IsNullOrWhiteSpace(family.Help));
    }

    [Theory]
    [InlineData("qywx_recorder_batches_total", "result", new[] { "db_error", "decode_error", "dlq", "ok" })]
    [InlineData("qywx_recorder_db_insert_batches_total", "result", new[] { "error", "ok", "retry_ok" })]
    [InlineData("qywx_recorder_db_insert_rows_total", "result", new[] { "error", "ignored", "inserted" })]
    [InlineData("qywx_recorder_db_retry_total", "reason", new[] { "deadlock", "other", "timeout" })]
    [InlineData("qywx_recorder_rebalances_total", "kind", new[] { "assigned", "lost", "revoked" })]
    [InlineData("qywx_recorder_commits_total", "result", new[] { "failed", "ok" })]
    [InlineData("qywx_recorder_dlq_messages_total", "result", new[] { "failed", "produced" })]
    [InlineData("qywx_recorder_producer_messages_total", "result", new[] { "disabled", "failed", "ok", "rejected_too_large" })]
    public async Task Labelled_counters_show_every_label_value_at_zero_from_the_start(string name, string label, string[] values)
    {
        var family = (await Scrape())[name];

        Assert.Equal(values, family.LabelValues(label).Order(StringComparer.Ordinal));
        Assert.All(family.Samples, s =>
        {
            Assert.Equal([label], s.Labels.Keys);
            Assert.Equal("0", s.RawValue);
        });
    }

    [Fact]
    public async Task The_pair_counter_has_no_labels_and_starts_at_zero()
    {
        var sample = Assert.Single((await Scrape())["qywx_recorder_qas_total"].Samples);

        Assert.Empty(sample.Labels);
        Assert.Equal(0, sample.Value);
    }

    [Fact]
    public async Task Decode_errors_are_counted_by_reason_with_every_reason_present()
    {
        _metrics.RecordDecodeError(DecodeErrorReason.InvalidUtf8);
        _metrics.RecordDecodeError(DecodeErrorReason.InvalidUtf8);

        var family = (await Scrape())["qywx_recorder_decode_errors_total"];

        Assert.Equal(Enum.GetValues<DecodeErrorReason>().Length, family.Samples.Count);
        Assert.Equal(2, family.Value(null, ("reason", "invalid_utf8")));
        Assert.Equal(0, family.Value(null, ("reason", "validation_failed")));
    }

    [Theory]
    [InlineData(BatchResult.Ok, "ok")]
    [InlineData(BatchResult.DecodeError, "decode_error")]
    [InlineData(BatchResult.DbError, "db_error")]
    [InlineData(BatchResult.Dlq, "dlq")]
    public async Task Batch_results_land_on_their_label(BatchResult result, string label)
    {
        _metrics.RecordBatchResult(result);
        _metrics.RecordBatchResult(result);

        var family = (await Scrape())["qywx_recorder_batches_total"];

        Assert.Equal(2, family.Value(null, ("result", label)));
        Assert.Equal(2, family.Samples.Sum(s => s.Value));
    }

    [Fact]
    public async Task Readiness_starts_at_zero_and_follows_the_latest_verdict()
    {
        Assert.Equal(0, (await Scrape())["qywx_recorder_ready"].Value());

        _metrics.SetReady(true);
        Assert.Equal(1, (await Scrape())["qywx_recorder_ready"].Value());

        _metrics.SetReady(false);
        var sample = Assert.Single((await Scrape())["qywx_recorder_ready"].Samples);
        Assert.Empty(sample.Labels);
        Assert.Equal(0, sample.Value);
    }

    [Fact]
    public async Task Pairs_are_summed()
    {
        _metrics.AddQas(3);
        _metrics.AddQas(4);
        _metrics.AddQas(0);

        Assert.Equal(7, (await Scrape())["qywx_recorder_qas_total"].Value());
    }

    [Fact]
    public async Task The_insert_histogram_has_exactly_the_specified_buckets()
    {
        _metrics.ObserveDbInsert(TimeSpan.FromMilliseconds(15), DbInsertResult.Ok, inserted: 3, ignored: 1);

        var family = (await Scrape())["qywx_recorder_db_insert_batch_seconds"];

        var buckets = family.Samples.Where(s => s.Name == family.Name + "_bucket").ToList();
        Assert.Equal(
            ["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        Assert.All(buckets, b => Assert.Equal(["le"], b.Labels.Keys));
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1], buckets.Select(b => b.Value));
        Assert.Equal(1, family.Value(family.Name + "_count"));
        Assert.Equal(0.015, family.Value(family.Name + "_sum"), 9);
    }

    [Fact]
    public async Task The_end_to_end_histogram_has_a_bucket_every_10_ms_up_to_the_100_ms_objective()
    {
        // 85 ms lies in the 80–90 ms bucket, so histogram_quantile reads it within 10 ms; a 75–100 ms bucket read the
        // p99 of a tail ending near 75 ms as up to 100 ms.
        _metrics.ObserveEndToEnd(TimeSpan.FromMilliseconds(85));

        var family = (await Scrape())["qywx_recorder_end_to_end_seconds"];

        var bounds = family.Samples.Where(s => s.Name == family.Name + "_bucket" && s.Labels["le"] != "+Inf")
            .Select(s => double.Parse(s.Labels["le"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var upToObjective = bounds.Where(b => b <= 0.1).ToList();
        Assert.Equal(0.1, upToObjective[^1]);
        Assert.All(upToObjective.Zip(upToObjective.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 0.001, 0.0100001));
        Assert.Equal(3600, bounds[^1]);
        Assert.Equal(0, family.Value(family.Name + "_bucket", ("le", "0.08")));
        Assert.Equal(1, family.Value(family.Name + "_bucket", ("le", "0.09")));
    }

    [Fact]
    public async Task An_insert_counts_the_batch_and_splits_its_rows()
    {
        _metrics.ObserveDbInsert(TimeSpan.FromMilliseconds(3), DbInsertResult.Ok, inserted: 3, ignored: 1);
        _metrics.ObserveDbInsert(TimeSpan.FromMilliseconds(300), DbInsertResult.RetryOk, inserted: 2);
        _metrics.ObserveDbInsert(TimeSpan.FromSeconds(9), DbInsertResult.Error, failed: 5);
        _metrics.RecordDbRetry(DbRetryReason.Deadlock);
        _metrics.RecordDbRetry(DbRetryReason.Timeout);
        _metrics.RecordDbRetry(DbRetryReason.Timeout);

        var scrape = await Scrape();

        var batches = scrape["qywx_recorder_db_insert_batches_total"];
        Assert.Equal((1, 1, 1), (batches.Value(null, ("result", "ok")), batches.Value(null, ("result", "retry_ok")), batches.Value(null, ("result", "error"))));
        var rows = scrape["qywx_recorder_db_insert_rows_total"];
        Assert.Equal((5, 1, 5), (rows.Value(null, ("result", "inserted")), rows.Value(null, ("result", "ignored")), rows.Value(null, ("result", "error"))));
        var retries = scrape["qywx_recorder_db_retry_total"];
        Assert.Equal((2, 1, 0), (retries.Value(null, ("reason", "timeout")), retries.Value(null, ("reason", "deadlock")), retries.Value(null, ("reason", "other"))));
        Assert.Equal(3, scrape["qywx_recorder_db_insert_batch_seconds"].Value("qywx_recorder_db_insert_batch_seconds_count"));
    }

    [Fact]
    public async Task Consume_latency_is_labelled_by_topic()
    {
        _metrics.ObserveConsume("qywx-recorder", TimeSpan.FromMilliseconds(40));
        _metrics.ObserveConsume("qywx-recorder", TimeSpan.FromSeconds(3));
        _metrics.ObserveConsume("other", TimeSpan.FromMilliseconds(1));

        var family = (await Scrape())["qywx_recorder_consume_batch_seconds"];

        Assert.Equal(2, family.Value(family.Name + "_count", ("topic", "qywx-recorder")));
        Assert.Equal(1, family.Value(family.Name + "_count", ("topic", "other")));
        Assert.Equal(1, family.Value(family.Name + "_bucket", ("topic", "qywx-recorder"), ("le", "0.05")));
        Assert.Equal(2, family.Value(family.Name + "_bucket", ("topic", "qywx-recorder"), ("le", "+Inf")));
    }

    [Fact]
    public async Task Partition_gauges_carry_topic_and_partition_and_vanish_when_the_partition_is_forgotten()
    {
        _metrics.SetCommitGateBacklog("qywx-recorder", 3, 17);
        _metrics.SetConsumerLag("qywx-recorder", 3, 1200);
        _metrics.SetConsumerLag("qywx-recorder", 4, 5);
        _metrics.SetPartitionPaused("qywx-recorder", 4, true);

        var before = await Scrape();
        Assert.Equal(17, before["qywx_recorder_commit_gate_backlog"].Value(null, ("topic", "qywx-recorder"), ("partition", "3")));
        Assert.Single(before["qywx_recorder_commit_gate_backlog"].Samples);
        Assert.Equal(1200, before["qywx_recorder_consumer_lag"].Value(null, ("topic", "qywx-recorder"), ("partition", "3")));
        Assert.Equal(5, before["qywx_recorder_consumer_lag"].Value(null, ("topic", "qywx-recorder"), ("partition", "4")));
        Assert.Equal(1, before["qywx_recorder_partition_paused"].Value(null, ("topic", "qywx-recorder"), ("partition", "4")));

        _metrics.ForgetPartition("qywx-recorder", 3);
        _metrics.SetConsumerLag("qywx-recorder", 4, -1);

        var after = await Scrape();
        Assert.Empty(after["qywx_recorder_commit_gate_backlog"].Samples);
        Assert.Empty(after["qywx_recorder_consumer_lag"].Samples);
        Assert.Single(after["qywx_recorder_partition_paused"].Samples);
    }

    [Fact]
    public async Task Pool_gauges_show_the_latest_reported_state_under_both_wait_spellings()
    {
        _metrics.ReportDbPool(new DbPoolSnapshot(Open: 8, InUse: 5, Idle: 3, WaitCount: 12, WaitTime: TimeSpan.FromMilliseconds(1500)));

        var scrape = await Scrape();

        Assert.Equal(8, scrape["qywx_recorder_db_pool_open"].Value());
        Assert.Equal(5, scrape["qywx_recorder_db_pool_in_use"].Value());
        Assert.Equal(3, scrape["qywx_recorder_db_pool_idle"].Value());
        Assert.Equal(12, scrape["qywx_recorder_db_pool_wait_count"].Value());
        Assert.Equal(1.5, scrape["qywx_recorder_db_pool_wait_seconds"].Value());
        Assert.Equal(12, scrape["qywx_recorder_db_wait_count"].Value());
        Assert.Equal(1.5, scrape["qywx_recorder_db_wait_seconds"].Value());
    }

    [Fact]
    public async Task A_pool_source_is_sampled_at_every_scrape_and_a_failing_one_falls_back()
    {
        var open = 1;
        _metrics.ReportDbPool(new DbPoolSnapshot(99, 0, 0, 0, TimeSpan.Zero));
        _metrics.SetDbPoolSource(() => new DbPoolSnapshot(open, 0, open, 0, TimeSpan.Zero));

        Assert.Equal(1, (await Scrape())["qywx_recorder_db_pool_open"].Value());
        open = 4;
        Assert.Equal(4, (await Scrape())["qywx_recorder_db_pool_open"].Value());

        _metrics.SetDbPoolSource(() => throw new InvalidOperationException("pool gone"));
        Assert.Equal(99, (await Scrape())["qywx_recorder_db_pool_open"].Value());
    }

    [Fact]
    public async Task Consumer_state_gauges_and_counters_follow_the_calls()
    {
        _metrics.SetInFlight(messages: 12, bytes: 4096);
        _metrics.SetAssignedPartitions(6);
        _metrics.RecordRebalance(RebalanceKind.Assigned);
        _metrics.RecordRebalance(RebalanceKind.Revoked);
        _metrics.RecordRebalance(RebalanceKind.Assigned);
        _metrics.RecordCommit(CommitResult.Ok);
        _metrics.RecordCommit(CommitResult.Failed);
        _metrics.RecordDeadLetter(DeadLetterResult.Produced);

        var scrape = await Scrape();

        Assert.Equal(12, scrape["qywx_recorder_inflight_messages"].Value());
        Assert.Equal(4096, scrape["qywx_recorder_inflight_bytes"].Value());
        Assert.Equal(6, scrape["qywx_recorder_assigned_partitions"].Value());
        Assert.Equal(2, scrape["qywx_recorder_rebalances_total"].Value(null, ("kind", "assigned")));
        Assert.Equal(1, scrape["qywx_recorder_rebalances_total"].Value(null, ("kind", "revoked")));
        Assert.Equal(0, scrape["qywx_recorder_rebalances_total"].Value(null, ("kind", "lost")));
        Assert.Equal(1, scrape["qywx_recorder_commits_total"].Value(null, ("result", "failed")));
        Assert.Equal(1, scrape["qywx_recorder_dlq_messages_total"].Value(null, ("result", "produced")));
    }

    [Fact]
    public async Task Producer_outcomes_and_delivery_latency_are_recorded()
    {
        _metrics.RecordProduced(ProducerResult.Ok);
        _metrics.RecordProduced(ProducerResult.RejectedTooLarge);
        _metrics.ObserveProducerDelivery(TimeSpan.FromMilliseconds(12));

        var scrape = await Scrape();

        var produced = scrape["qywx_recorder_producer_messages_total"];
        Assert.Equal(1, produced.Value(null, ("result", "ok")));
        Assert.Equal(1, produced.Value(null, ("result", "rejected_too_large")));
        Assert.Equal(0, produced.Value(null, ("result", "failed")));
        Assert.Equal(1, scrape["qywx_recorder_producer_delivery_seconds"].Value("qywx_recorder_producer_delivery_seconds_count"));
    }

    [Theory]
    [InlineData(CommandOutcome.Ok, "ok")]
    [InlineData(CommandOutcome.Invalid, "invalid")]
    [InlineData(CommandOutcome.Canceled, "canceled")]
    [InlineData(CommandOutcome.Error, "error")]
    public async Task Command_metrics_share_the_registry_as_a_counter_and_a_histogram(CommandOutcome outcome, string label)
    {
        var commands = new PrometheusCommandMetrics(Metrics.WithCustomRegistry(_metrics.Registry));
        commands.RecordCommand("RecordQaBatchCommand", outcome, TimeSpan.FromMilliseconds(2));
        commands.RecordCommand("RecordQaBatchCommand", outcome, TimeSpan.FromMilliseconds(30));

        var scrape = await Scrape();

        var total = scrape["qywx_recorder_commands_total"];
        Assert.Equal("counter", total.Type);
        Assert.Equal(2, total.Value(null, ("command", "RecordQaBatchCommand"), ("result", label)));
        var latency = scrape["qywx_recorder_command_seconds"];
        Assert.Equal("histogram", latency.Type);
        Assert.Equal(1, latency.Value(latency.Name + "_bucket", ("command", "RecordQaBatchCommand"), ("result", label), ("le", "0.0025")));
        Assert.Equal(2, latency.Value(latency.Name + "_count", ("command", "RecordQaBatchCommand"), ("result", label)));
    }

    [Fact]
    public async Task Every_counter_ends_in_total_and_every_total_is_a_counter()
    {
        var families = (await Scrape()).Families;

        Assert.NotEmpty(families);
        Assert.All(families, f => Assert.Equal(f.Type == "counter", f.Name.EndsWith("_total", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Negative_counts_change_nothing_and_do_not_throw()
    {
        _metrics.AddQas(2);
        _metrics.AddQas(-5);
        _metrics.ObserveDbInsert(TimeSpan.FromMilliseconds(1), DbInsertResult.Ok, inserted: -1, ignored: 3);

        var scrape = await Scrape();

        Assert.Equal(2, scrape["qywx_recorder_qas_total"].Value());
        Assert.Equal(0, scrape["qywx_recorder_db_insert_rows_total"].Value(null, ("result", "inserted")));
        Assert.Equal(3, scrape["qywx_recorder_db_insert_rows_total"].Value(null, ("result", "ignored")));
    }

    [Fact]
    public async Task An_unknown_backlog_hides_the_series_and_a_known_one_brings_it_back()
    {
        _metrics.SetCommitGateBacklog("t", 1, 4);
        _metrics.SetCommitGateBacklog("t", 1, -1);
        Assert.Empty((await Scrape())["qywx_recorder_commit_gate_backlog"].Samples);

        _metrics.SetCommitGateBacklog("t", 1, 0);
        Assert.Equal(0, (await Scrape())["qywx_recorder_commit_gate_backlog"].Value(null, ("topic", "t"), ("partition", "1")));
    }

    [Fact]
    public async Task Two_instances_on_one_registry_share_their_series()
    {
        var second = new RecorderMetrics(_metrics.Registry);
        _metrics.RecordBatchResult(BatchResult.Ok);
        second.RecordBatchResult(BatchResult.Ok);

        Assert.Equal(2, (await Scrape())["qywx_recorder_batches_total"].Value(null, ("result", "ok")));
    }
}
