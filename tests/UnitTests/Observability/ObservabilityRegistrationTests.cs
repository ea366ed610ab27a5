using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Recorder.Application;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Common.Metrics;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Observability;

public class ObservabilityRegistrationTests
{
    [Fact]
    public async Task Registers_one_metrics_instance_and_an_exporter_that_sees_it()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(new TestMeterFactory());
        services.AddObservability();
        await using var provider = services.BuildServiceProvider();

        var metrics = provider.GetRequiredService<RecorderMetrics>();
        metrics.RecordBatchResult(BatchResult.Dlq);

        Assert.Same(metrics, provider.GetRequiredService<RecorderMetrics>());
        var scrape = Exposition.Parse(provider.GetRequiredService<PrometheusTextExporter>().Render());
        Assert.Equal(1, scrape["qywx_recorder_batches_total"].Value(null, ("result", "dlq")));
    }

    [Fact]
    public async Task Histograms_recorded_right_after_resolving_the_metrics_are_not_lost()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(new TestMeterFactory());
        services.AddObservability();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<RecorderMetrics>().ObserveConsume("t", TimeSpan.FromMilliseconds(5));

        var scrape = Exposition.Parse(provider.GetRequiredService<PrometheusTextExporter>().Render());
        Assert.Equal(1, scrape["qywx_recorder_consume_batch_seconds"].Value("qywx_recorder_consume_batch_seconds_count", ("topic", "t")));
    }

    [Fact]
    public async Task The_exporter_also_shows_application_metrics_of_the_same_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(new TestMeterFactory());
        services.AddSingleton(Substitute.For<IConversationRecordWriter>());
        services.AddApplication();
        services.AddObservability();
        await using var provider = services.BuildServiceProvider();
        var exporter = provider.GetRequiredService<PrometheusTextExporter>();

        provider.GetRequiredService<ApplicationMetrics>().RecordCommand("Probe", CommandOutcome.Ok, TimeSpan.FromMilliseconds(1));

        var scrape = Exposition.Parse(exporter.Render());
        Assert.Equal(1, scrape["qywx_recorder_commands_total"].Value(null, ("command", "Probe"), ("result", "ok")));
    }

    [Fact]
    public async Task Two_containers_in_one_process_keep_their_metrics_apart()
    {
        static ServiceProvider Build()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IMeterFactory>(new TestMeterFactory());
            services.AddObservability();
            return services.BuildServiceProvider();
        }

        await using var first = Build();
        await using var second = Build();
        first.GetRequiredService<RecorderMetrics>().AddQas(5);
        second.GetRequiredService<RecorderMetrics>().AddQas(1);

        Assert.Equal(5, Exposition.Parse(first.GetRequiredService<PrometheusTextExporter>().Render())["qywx_recorder_qas_total"].Value());
        Assert.Equal(1, Exposition.Parse(second.GetRequiredService<PrometheusTextExporter>().Render())["qywx_recorder_qas_total"].Value());
    }
}
