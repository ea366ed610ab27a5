using System.Text.Json;
using Recorder.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Recorder.IntegrationTests.Operations;

/// <summary>
/// The rule file and the dashboard against a real Prometheus scraping a real recorder: every metric they name is
/// scraped under that name, every dashboard query runs, and every rule loads and evaluates. A metric renamed in
/// the code, or misspelt in ops/, fails here.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class PrometheusLiveCheckTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string?> RecorderSettings = new()
    {
        // Lag comes from librdkafka statistics, once a minute by default.
        ["Recorder:StatisticsIntervalMs"] = "1000",
        // One record at a time per partition, so fetching pauses and the paused-partition series exist.
        ["Recorder:MaxInFlightPerPartition"] = "1",
        ["Recorder:MaxBufferedPerPartition"] = "1",
    };

    [Fact]
    public async Task Prometheus_scrapes_every_metric_the_alerts_and_the_dashboard_name_and_evaluates_them_all()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers, RecorderSettings);
        await using var prometheus = await PrometheusServer.StartAsync(recorder.Http.BaseAddress!, AlertRuleFiles.RuleFile);
        await env.ProduceAsync(env.Rounds(20, pairs: 2));

        // Scraped after the rounds were recorded, and after the readiness reporter's verdict came in.
        await prometheus.WaitForAsync("up{job=\"qywx-recorder\"} == 1", Patience);
        await prometheus.WaitForAsync("qywx_recorder_batches_total{job=\"qywx-recorder\", result=\"ok\"} >= 20", Patience);
        await prometheus.WaitForAsync("qywx_recorder_ready{job=\"qywx-recorder\"} == 1", Patience);

        var rules = await EvaluatedRulesAsync(prometheus);
        var dashboard = GrafanaDashboard.Targets(RepositoryFiles.PathOf("ops", "grafana", "recorder-dashboard.json"));
        var named = rules.SelectMany(r => PromQlMetricNames.In(r.Query))
            .Concat(dashboard.SelectMany(t => PromQlMetricNames.In(t.Expression)))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("up", named);

        await AssertEveryNameIsScrapedAsync(prometheus, named);
        await AssertEveryDashboardQueryRunsAsync(prometheus, dashboard);
        AssertEveryAlertLoadedAndEvaluated(rules);
        await AssertNothingFiresAsync(prometheus);
    }

    /// <summary>(a) Per-partition gauges and labelled histograms appear with traffic, so missing names are retried.</summary>
    private async Task AssertEveryNameIsScrapedAsync(PrometheusServer prometheus, HashSet<string> named)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<string> missing;
        while ((missing = named.Except(await prometheus.MetricNamesAsync()).Order(StringComparer.Ordinal).ToList()).Count > 0
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        Assert.True(missing.Count == 0, "named in ops/ but not scraped from the recorder: " + string.Join(", ", missing));

        var types = await prometheus.MetricTypesAsync();
        var families = named.Where(n => n != "up").GroupBy(n => PromQlMetricNames.Family(n, types)).ToList();
        foreach (var family in families)
        {
            Assert.True(types.ContainsKey(family.Key), $"{family.Key} has no metadata (# TYPE) in the scrape");
            Assert.True(family.All(n => n == family.Key) || types[family.Key] == "histogram",
                $"{string.Join(", ", family)} read as series of {family.Key}, which is a {types[family.Key]}");
        }

        Assert.All(named.Where(n => n.EndsWith("_bucket", StringComparison.Ordinal)), bucket =>
            Assert.True(PromQlMetricNames.Family(bucket, types) != bucket, $"{bucket} is not the bucket series of a histogram"));
        output.WriteLine($"{named.Count} series names ({families.Count} families and up) scraped: {string.Join(", ", named.Order(StringComparer.Ordinal))}");
    }

    /// <summary>(b) Each query runs and returns data (a misspelt label value would return nothing).</summary>
    private async Task AssertEveryDashboardQueryRunsAsync(PrometheusServer prometheus, IReadOnlyList<GrafanaDashboard.Target> dashboard)
    {
        Assert.NotEmpty(dashboard);
        foreach (var target in dashboard)
        {
            var result = await prometheus.QueryAsync(GrafanaDashboard.Runnable(target.Expression));
            Assert.True(result.GetArrayLength() > 0, $"no data for {target}");
        }

        output.WriteLine($"{dashboard.Count} dashboard queries evaluated");
    }

    /// <summary>(c) The rule file's alerts, all loaded into one group, each evaluated without error.</summary>
    private void AssertEveryAlertLoadedAndEvaluated(IReadOnlyList<LoadedRule> rules)
    {
        var expected = AlertRuleFiles.Alerts().Select(a => a.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, rules.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rules, rule =>
        {
            Assert.Equal(AlertRuleFiles.RuleFile, rule.File);
            Assert.True(rule.Health == "ok", $"{rule.Name}: health {rule.Health}, {rule.LastError}");
        });
        output.WriteLine($"{rules.Count} alert rules loaded and evaluated");
    }

    /// <summary>A healthy, ready recorder with a little traffic raises nothing.</summary>
    private static async Task AssertNothingFiresAsync(PrometheusServer prometheus)
    {
        var firing = (await prometheus.ApiAsync("api/v1/alerts")).GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() == "firing")
            .Select(a => a.GetProperty("labels").GetProperty("alertname").GetString())
            .ToList();
        Assert.True(firing.Count == 0, "firing: " + string.Join(", ", firing));
    }

    /// <summary>The alerting rules once each has been evaluated at least once (health leaves "unknown").</summary>
    private static async Task<IReadOnlyList<LoadedRule>> EvaluatedRulesAsync(PrometheusServer prometheus)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var rules = (await prometheus.ApiAsync("api/v1/rules?type=alert")).GetProperty("groups").EnumerateArray()
                .SelectMany(group => group.GetProperty("rules").EnumerateArray().Select(rule => new LoadedRule(
                    rule.GetProperty("name").GetString()!,
                    group.GetProperty("file").GetString()!,
                    rule.GetProperty("query").GetString()!,
                    rule.GetProperty("health").GetString()!,
                    rule.TryGetProperty("lastError", out var error) ? error.GetString() : null)))
                .ToList();
            if ((rules.Count > 0 && rules.All(r => r.Health != "unknown")) || DateTime.UtcNow > deadline)
            {
                return rules;
            }

            await Task.Delay(500);
        }
    }

    private sealed record LoadedRule(string Name, string File, string Query, string Health, string? LastError);
}
