using System.Diagnostics.Metrics;
using System.Text;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Observability;

public sealed class PrometheusTextExporterTests : IDisposable
{
    private const string MeterName = "Recorder";

    private readonly TestMeterFactory _factory = new();
    private readonly Meter _meter;
    private readonly PrometheusTextExporter _exporter;

    public PrometheusTextExporterTests()
    {
        _exporter = new PrometheusTextExporter([MeterName], _factory);
        _meter = _factory.Create(new MeterOptions(MeterName));
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _factory.Dispose();
    }

    private Exposition Scrape() => Exposition.Parse(_exporter.Render());

    [Fact]
    public void Renders_help_type_and_samples_of_a_counter()
    {
        var counter = _meter.CreateCounter<long>("jobs_total", description: "Jobs done.");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));

        Assert.Equal(
            "# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\njobs_total{kind=\"a\"} 5\n",
            _exporter.Render());
    }

    [Fact]
    public void Escapes_label_values_and_help_text()
    {
        var counter = _meter.CreateCounter<long>("escaped_total", description: "Back\\slash and\nnew line.");
        const string awkward = "C:\\path \"quoted\"\nnext line";
        counter.Add(1, new KeyValuePair<string, object?>("value", awkward));

        var text = _exporter.Render();

        Assert.Contains("# HELP escaped_total Back\\\\slash and\\nnew line.\n", text, StringComparison.Ordinal);
        Assert.Contains("escaped_total{value=\"C:\\\\path \\\"quoted\\\"\\nnext line\"} 1\n", text, StringComparison.Ordinal);
        var family = Exposition.Parse(text)["escaped_total"];
        Assert.Equal(awkward, Assert.Single(family.Samples).Labels["value"]);
        Assert.Equal("Back\\slash and\nnew line.", family.Help);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inclusive_bounds_and_an_inf_bucket_equal_to_the_count()
    {
        var histogram = _meter.CreateHistogram<double>(
            "work_seconds", unit: "s", description: null, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 1, 5, 50, 500 })
        {
            histogram.Record(value);
        }

        var text = _exporter.Render();

        Assert.Equal(
            "# TYPE work_seconds histogram\n" +
            "work_seconds_bucket{le=\"0.1\"} 2\n" +
            "work_seconds_bucket{le=\"1\"} 4\n" +
            "work_seconds_bucket{le=\"10\"} 5\n" +
            "work_seconds_bucket{le=\"+Inf\"} 7\n" +
            "work_seconds_sum 556.65\n" +
            "work_seconds_count 7\n",
            text);
        Exposition.Parse(text);
    }

    [Fact]
    public void Histogram_series_keep_their_labels_before_le()
    {
        var histogram = _meter.CreateHistogram<double>(
            "labelled_seconds", unit: "s", description: null, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] });
        histogram.Record(0.5, new KeyValuePair<string, object?>("topic", "t"));

        var text = _exporter.Render();

        Assert.Contains("labelled_seconds_bucket{topic=\"t\",le=\"1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("labelled_seconds_bucket{topic=\"t\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("labelled_seconds_sum{topic=\"t\"} 0.5\n", text, StringComparison.Ordinal);
        Assert.Contains("labelled_seconds_count{topic=\"t\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_without_advice_use_the_prometheus_default_buckets()
    {
        _meter.CreateHistogram<double>("plain_seconds").Record(0.2);

        var family = Scrape()["plain_seconds"];

        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            family.Samples.Where(s => s.Name == "plain_seconds_bucket").Select(s => s.Labels["le"]));
    }

    [Fact]
    public void Integer_histograms_are_supported()
    {
        var histogram = _meter.CreateHistogram<long>(
            "sizes_bytes", unit: "By", description: null, tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1024, 1048576] });
        histogram.Record(2048);

        var family = Scrape()["sizes_bytes"];

        Assert.Equal(1, family.Value("sizes_bytes_bucket", ("le", "1048576")));
        Assert.Equal(0, family.Value("sizes_bytes_bucket", ("le", "1024")));
        Assert.Equal(2048, family.Value("sizes_bytes_sum"));
    }

    [Fact]
    public void Families_and_series_are_sorted_so_that_output_is_deterministic()
    {
        var zebra = _meter.CreateCounter<long>("zebra_total");
        var alpha = _meter.CreateCounter<long>("alpha_total");
        zebra.Add(1, new KeyValuePair<string, object?>("k", "b"));
        zebra.Add(1, new KeyValuePair<string, object?>("k", "a"));
        alpha.Add(1);

        var text = _exporter.Render();

        Assert.Equal(
            "# TYPE alpha_total counter\nalpha_total 1\n# TYPE zebra_total counter\nzebra_total{k=\"a\"} 1\nzebra_total{k=\"b\"} 1\n",
            text);
        Assert.Equal(text, _exporter.Render());
    }

    [Fact]
    public void Tag_order_does_not_split_a_series_and_labels_render_sorted()
    {
        var counter = _meter.CreateCounter<long>("pairs_total");
        counter.Add(1, new("b", "2"), new("a", "1"));
        counter.Add(1, new("a", "1"), new("b", "2"));

        Assert.Contains("pairs_total{a=\"1\",b=\"2\"} 2\n", _exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_values_of_other_types_render_in_invariant_form()
    {
        var counter = _meter.CreateCounter<long>("typed_total");
        counter.Add(1, new("partition", 7), new("flag", true), new("ratio", 0.5), new("none", null));

        var sample = Assert.Single(Scrape()["typed_total"].Samples);

        Assert.Equal(("7", "true", "0.5", ""), (sample.Labels["partition"], sample.Labels["flag"], sample.Labels["ratio"], sample.Labels["none"]));
    }

    [Fact]
    public void Floating_counters_render_fractions_and_negative_increments_are_ignored()
    {
        var counter = _meter.CreateCounter<double>("seconds_total");
        counter.Add(0.25);
        counter.Add(1.5);
        counter.Add(-10);

        Assert.Equal(1.75, Scrape()["seconds_total"].Value());
    }

    [Fact]
    public void Up_down_counters_are_gauges_that_may_go_negative()
    {
        var counter = _meter.CreateUpDownCounter<int>("balance");
        counter.Add(3);
        counter.Add(-5);

        var family = Scrape()["balance"];

        Assert.Equal("gauge", family.Type);
        Assert.Equal(-2, family.Value());
    }

    [Fact]
    public void Synchronous_gauges_show_the_last_value()
    {
        var gauge = _meter.CreateGauge<double>("temperature");
        gauge.Record(20.5);
        gauge.Record(19);

        var family = Scrape()["temperature"];

        Assert.Equal("gauge", family.Type);
        Assert.Equal(19, family.Value());
    }

    [Fact]
    public void Observable_series_not_reported_in_a_scrape_disappear()
    {
        var reported = new List<Measurement<long>> { new(1, new KeyValuePair<string, object?>("p", "0")), new(2, new KeyValuePair<string, object?>("p", "1")) };
        _meter.CreateObservableGauge("observed", () => reported);

        Assert.Equal(2, Scrape()["observed"].Samples.Count);
        reported.RemoveAt(0);

        var sample = Assert.Single(Scrape()["observed"].Samples);
        Assert.Equal("1", sample.Labels["p"]);
    }

    [Fact]
    public void A_throwing_callback_does_not_break_the_scrape()
    {
        _meter.CreateObservableGauge("broken", new Func<long>(() => throw new InvalidOperationException("probe failed")));
        _meter.CreateObservableGauge("healthy", () => 3L);

        var scrape = Scrape();

        Assert.Empty(scrape["broken"].Samples);
        Assert.Equal(3, scrape["healthy"].Value());
    }

    [Fact]
    public void Observable_counters_render_as_counters()
    {
        _meter.CreateObservableCounter("ticks_total", () => 42L);

        var family = Scrape()["ticks_total"];

        Assert.Equal("counter", family.Type);
        Assert.Equal(42, family.Value());
    }

    [Fact]
    public void Names_outside_the_prometheus_alphabet_are_sanitised()
    {
        _meter.CreateCounter<long>("http.server-requests").Add(1, new KeyValuePair<string, object?>("http.method", "GET"));

        var sample = Assert.Single(Scrape()["http_server_requests"].Samples);

        Assert.Equal("GET", sample.Labels["http_method"]);
    }

    [Fact]
    public void Meters_with_other_names_are_not_exported()
    {
        using var other = _factory.Create(new MeterOptions("Somebody.Else"));
        other.CreateCounter<long>("foreign_total").Add(1);

        Assert.False(Scrape().Contains("foreign_total"));
    }

    [Fact]
    public void Meters_of_another_factory_are_not_exported()
    {
        using var otherFactory = new TestMeterFactory();
        otherFactory.Create(new MeterOptions(MeterName)).CreateCounter<long>("elsewhere_total").Add(1);

        Assert.False(Scrape().Contains("elsewhere_total"));
    }

    [Fact]
    public void Without_a_factory_meters_are_matched_by_name()
    {
        using var meter = new Meter("Recorder.Exporter.ByName");
        using var exporter = new PrometheusTextExporter(["Recorder.Exporter.ByName"]);
        meter.CreateCounter<long>("by_name_total").Add(4);

        Assert.Equal(4, Exposition.Parse(exporter.Render())["by_name_total"].Value());
    }

    [Fact]
    public void Two_instruments_of_one_name_share_a_single_family()
    {
        using var second = new Meter(MeterName, version: "2", tags: null, scope: _factory);
        _meter.CreateCounter<long>("twice_total").Add(1, new KeyValuePair<string, object?>("from", "first"));
        second.CreateCounter<long>("twice_total").Add(1, new KeyValuePair<string, object?>("from", "second"));

        var family = Scrape()["twice_total"];

        Assert.Equal(["first", "second"], family.LabelValues("from"));
    }

    [Fact]
    public void Instruments_of_a_disposed_meter_are_dropped()
    {
        var meter = _factory.Create(new MeterOptions(MeterName) { Version = "short-lived" });
        meter.CreateCounter<long>("ephemeral_total").Add(1);
        Assert.True(Scrape().Contains("ephemeral_total"));

        meter.Dispose();

        Assert.False(Scrape().Contains("ephemeral_total"));
    }

    [Fact]
    public void Concurrent_recording_loses_nothing()
    {
        var counter = _meter.CreateCounter<long>("concurrent_total");
        var histogram = _meter.CreateHistogram<double>(
            "concurrent_seconds", unit: "s", description: null, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5] });

        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            counter.Add(1, new KeyValuePair<string, object?>("shard", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            histogram.Record(i % 2 == 0 ? 0.25 : 0.75);
        });

        var scrape = Scrape();
        Assert.Equal(40_000, scrape["concurrent_total"].Samples.Sum(s => s.Value));
        Assert.Equal(20_000, scrape["concurrent_seconds"].Value("concurrent_seconds_bucket", ("le", "0.5")));
        Assert.Equal(40_000, scrape["concurrent_seconds"].Value("concurrent_seconds_count"));
        Assert.Equal(20_000, scrape["concurrent_seconds"].Value("concurrent_seconds_sum"));
    }

    [Fact]
    public async Task Writes_the_same_text_as_utf8()
    {
        _meter.CreateCounter<long>("utf8_total").Add(1, new KeyValuePair<string, object?>("topic", "话题"));
        using var stream = new MemoryStream();

        await _exporter.WriteAsync(stream);

        var bytes = stream.ToArray();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal(_exporter.Render(), Encoding.UTF8.GetString(bytes));
        Assert.Contains("utf8_total{topic=\"话题\"} 1", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Declares_the_text_format_content_type()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusTextExporter.ContentType);
    }

    [Fact]
    public void An_unbounded_label_is_capped_instead_of_growing_without_limit()
    {
        var counter = _meter.CreateCounter<long>("unbounded_total");
        for (var i = 0; i < 2_100; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        Assert.Equal(2_000, Scrape()["unbounded_total"].Samples.Count);
    }
}
