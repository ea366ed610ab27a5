using System.Text.RegularExpressions;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary><c>/metrics</c> of real recorder hosts, parsed: the docs/design.md §7 contract as a scraper sees it.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed partial class MetricsEndpointTests
{
    private const string RecordedOk = "qywx_recorder_batches_total{result=\"ok\"}";

    // What Prometheus 2.x sends: OpenMetrics first, the classic text format as a fallback.
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>docs/design.md §7: the contract metrics (§7.2), then the consumer and producer families of §7.3.</summary>
    private static readonly (string Name, string Type)[] SpecifiedFamilies =
    [
        ("qywx_recorder_consume_batch_seconds", "histogram"),
        ("qywx_recorder_batches_total", "counter"),
        ("qywx_recorder_qas_total", "counter"),
        ("qywx_recorder_db_insert_batch_seconds", "histogram"),
        ("qywx_recorder_db_insert_batches_total", "counter"),
        ("qywx_recorder_db_insert_rows_total", "counter"),
        ("qywx_recorder_db_retry_total", "counter"),
        ("qywx_recorder_db_pool_open", "gauge"),
        ("qywx_recorder_db_pool_in_use", "gauge"),
        ("qywx_recorder_db_pool_idle", "gauge"),
        ("qywx_recorder_db_pool_wait_count", "gauge"),
        ("qywx_recorder_db_pool_wait_seconds", "gauge"),
        ("qywx_recorder_commit_gate_backlog", "gauge"),
        ("qywx_recorder_consumer_lag", "gauge"),
        ("qywx_recorder_rebalances_total", "counter"),
        ("qywx_recorder_inflight_bytes", "gauge"),
        ("qywx_recorder_producer_messages_total", "counter"),
        ("qywx_recorder_producer_delivery_seconds", "histogram"),
    ];

    [Fact]
    public async Task The_endpoint_serves_the_specified_families_and_the_standard_process_metrics()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await env.ProduceAsync(env.Rounds(10, pairs: 2));
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await MetricsText.WaitForAsync(recorder, RecordedOk, 10, Patience);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        using var response = await recorder.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("text/plain", contentType.MediaType);
        Assert.Contains(contentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var families = MetricsText.Families(await response.Content.ReadAsStringAsync());

        foreach (var (name, type) in SpecifiedFamilies)
        {
            Assert.True(families.TryGetValue(name, out var family), $"{name} missing");
            Assert.True(type == family.Type, $"{name} is a {family.Type}, not a {type}");
        }

        Assert.All(families.Values, f => Assert.True(
            (f.Type == "counter") == f.Name.EndsWith("_total", StringComparison.Ordinal),
            $"{f.Name} is a {f.Type}: counters, and only counters, end in _total"));

        var insert = families["qywx_recorder_db_insert_batch_seconds"];
        var bounds = insert.Samples.Where(s => s.Name == insert.Name + "_bucket").Select(s => LeLabel().Match(s.Labels).Groups[1].Value);
        Assert.Equal(["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "+Inf"], bounds);
        Assert.True(insert.Samples.Single(s => s.Name == insert.Name + "_count").Value > 0, "the rounds were inserted in batches");

        var consumed = families["qywx_recorder_consume_batch_seconds"];
        Assert.Equal(10, consumed.Samples.Single(s => s.Name == consumed.Name + "_count" && s.Labels == "{topic=\"qywx-recorder\"}").Value);
        Assert.Equal(20, families["qywx_recorder_qas_total"].Samples.Single().Value);

        var resident = families["process_resident_memory_bytes"];
        Assert.Equal("gauge", resident.Type);
        Assert.True(resident.Samples.Single().Value > 1024 * 1024);
        Assert.Equal("counter", families["process_cpu_seconds_total"].Type);
        Assert.Equal("gauge", families["dotnet_total_memory_bytes"].Type);
        // What they count is tested on their own (StandardMetricsTests); the recorder shares this test's process.
        Assert.Equal("counter", families["dotnet_gc_pause_seconds_total"].Type);
        Assert.Equal("counter", families["dotnet_gc_allocated_bytes_total"].Type);

        // Nothing else: no meter-adapter copies of System.Diagnostics.Metrics instruments (ASP.NET Core's, the
        // MySQL client's, the runtime's), which prometheus-net would export as gauges without "_total".
        Assert.All(families.Keys, name => Assert.Matches("^(qywx_recorder_|process_|dotnet_)", name));
    }

    [Fact]
    public async Task Records_fetched_are_counted_from_librdkafkas_statistics()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var rounds = env.Rounds(12, pairs: 1);
        await env.ProduceAsync(rounds);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers, new Dictionary<string, string?>
        {
            ["Recorder:StatisticsIntervalMs"] = "200",
        });
        await MetricsText.WaitForAsync(recorder, RecordedOk, 12, Patience);

        // The next statistics report brings the count; a record fetched again (after a pause) counts twice.
        var deadline = DateTime.UtcNow + Patience;
        var text = await recorder.ScrapeAsync();
        while ((MetricsText.Value(text, "qywx_recorder_fetched_messages_total") ?? 0) < 12 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            text = await recorder.ScrapeAsync();
        }

        var fetched = MetricsText.Require(text, "qywx_recorder_fetched_messages_total");
        var bytes = MetricsText.Require(text, "qywx_recorder_fetched_bytes_total");
        var keysAndValues = rounds.Sum(m => (double)m.Key.Length + m.Value.Length);
        Assert.True(fetched >= 12, $"fetched {fetched}");
        if (fetched == 12)
        {
            // Each record once: librdkafka counts the key and value bytes.
            Assert.Equal(keysAndValues, bytes);
        }
        else
        {
            Assert.True(bytes > keysAndValues, $"{bytes} bytes for {fetched} records");
        }
    }

    [Fact]
    public async Task Two_hosts_in_one_process_serve_only_their_own_values()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await env.ProduceAsync(env.Rounds(8, pairs: 1));
        await using var first = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await MetricsText.WaitForAsync(first, RecordedOk, 8, Patience);

        // A group of its own that starts at the end of the partitions: it owns both partitions but has nothing to record.
        await using var second = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers, new Dictionary<string, string?>
        {
            ["Recorder:GroupId"] = "metrics-second-host",
            ["Recorder:AutoOffsetReset"] = "latest",
        });
        await MetricsText.WaitForAsync(second, "qywx_recorder_assigned_partitions", 2, Patience);

        var firstText = await first.ScrapeAsync();
        var secondText = await second.ScrapeAsync();
        Assert.Equal(8, MetricsText.Require(firstText, RecordedOk));
        Assert.Equal(0, MetricsText.Require(secondText, RecordedOk));
        Assert.Equal(8, MetricsText.Require(firstText, "qywx_recorder_qas_total"));
        Assert.Equal(0, MetricsText.Require(secondText, "qywx_recorder_qas_total"));
        const string commandsOk = "qywx_recorder_commands_total{command=\"RecordQaBatchCommand\",result=\"ok\"}";
        Assert.Equal(8, MetricsText.Require(firstText, commandsOk));
        Assert.Null(MetricsText.Value(secondText, commandsOk));
        Assert.Equal(2, MetricsText.Require(firstText, "qywx_recorder_assigned_partitions"));
    }

    [GeneratedRegex("le=\"([^\"]+)\"")]
    private static partial Regex LeLabel();
}
