using System.Diagnostics.Metrics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Recorder.Application;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Application;
using Recorder.UnitTests.Application.Support;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Observability;

public class ObservabilityRegistrationTests
{
    private static ServiceProvider Build(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        more?.Invoke(services);
        services.AddObservability();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public async Task Registers_one_metrics_instance_on_the_containers_own_registry()
    {
        await using var provider = Build();

        var metrics = provider.GetRequiredService<RecorderMetrics>();
        metrics.RecordBatchResult(BatchResult.Dlq);

        Assert.Same(metrics, provider.GetRequiredService<RecorderMetrics>());
        var registry = provider.GetRequiredService<CollectorRegistry>();
        Assert.Same(registry, metrics.Registry);
        Assert.NotSame(Metrics.DefaultRegistry, registry);
        var scrape = await Exposition.ScrapeAsync(registry);
        Assert.Equal(1, scrape["qywx_recorder_batches_total"].Value(null, ("result", "dlq")));
    }

    [Fact]
    public async Task The_registry_holds_the_standard_process_and_runtime_metrics()
    {
        await using var provider = Build();

        var scrape = await Exposition.ScrapeAsync(provider.GetRequiredService<CollectorRegistry>());

        Assert.Equal("gauge", scrape[StandardMetrics.ProcessResidentMemoryBytes].Type);
        Assert.Equal("counter", scrape["process_cpu_seconds_total"].Type);
        Assert.Equal("gauge", scrape["process_start_time_seconds"].Type);
        Assert.Equal("gauge", scrape["dotnet_total_memory_bytes"].Type);
        Assert.Equal("counter", scrape["dotnet_collection_count_total"].Type);
    }

    [Fact]
    public async Task Metrics_created_through_the_registered_factory_land_in_the_same_registry()
    {
        await using var provider = Build();

        provider.GetRequiredService<IMetricFactory>().CreateGauge("probe_gauge", "A probe.").Set(3);

        var scrape = await Exposition.ScrapeAsync(provider.GetRequiredService<CollectorRegistry>());
        Assert.Equal(3, scrape["probe_gauge"].Value());
    }

    [Fact]
    public async Task Commands_sent_through_the_pipeline_are_counted_in_the_registry()
    {
        await using var provider = Build(services =>
        {
            services.AddSingleton<IConversationRecordWriter>(new RecordingWriter());
            services.AddSingleton<IConversationRecordEraser>(new InMemoryEraser(new ManualClock(Commands.Now)));
            services.AddSingleton<TimeProvider>(new FixedTimeProvider(Commands.Now));
            services.AddApplication();
        });
        await using (var scope = provider.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            await mediator.Send(Commands.Valid(), CancellationToken.None);
        }

        Assert.IsType<PrometheusCommandMetrics>(provider.GetRequiredService<ICommandMetrics>());
        var scrape = await Exposition.ScrapeAsync(provider.GetRequiredService<CollectorRegistry>());
        var total = scrape["qywx_recorder_commands_total"];
        Assert.Equal("counter", total.Type);
        Assert.Equal(1, total.Value(null, ("command", nameof(RecordQaBatchCommand)), ("result", "ok")));
    }

    [Fact]
    public async Task Two_containers_in_one_process_keep_their_metrics_apart()
    {
        await using var first = Build();
        await using var second = Build();
        first.GetRequiredService<RecorderMetrics>().AddQas(5);
        second.GetRequiredService<RecorderMetrics>().AddQas(1);
        first.GetRequiredService<ICommandMetrics>().RecordCommand("OnlyFirst", CommandOutcome.Ok, TimeSpan.Zero);
        _ = second.GetRequiredService<ICommandMetrics>();

        var firstScrape = await Exposition.ScrapeAsync(first.GetRequiredService<CollectorRegistry>());
        var secondScrape = await Exposition.ScrapeAsync(second.GetRequiredService<CollectorRegistry>());

        Assert.Equal(5, firstScrape["qywx_recorder_qas_total"].Value());
        Assert.Equal(1, secondScrape["qywx_recorder_qas_total"].Value());
        Assert.Single(firstScrape["qywx_recorder_commands_total"].Samples);
        Assert.Empty(secondScrape["qywx_recorder_commands_total"].Samples);
    }

    [Fact]
    public async Task Instruments_of_System_Diagnostics_Metrics_are_not_copied_into_the_registry()
    {
        await using var provider = Build();
        _ = provider.GetRequiredService<RecorderMetrics>();
        _ = provider.GetRequiredService<ICommandMetrics>();
        using var meter = new Meter("Recorder.Probe");
        meter.CreateCounter<long>("qywx_recorder_probe_total").Add(1);
        meter.CreateObservableGauge("probe_gauge", () => 1);

        var scrape = await Exposition.ScrapeAsync(provider.GetRequiredService<CollectorRegistry>());

        Assert.All(scrape.Families, f => Assert.True(
            f.Name.StartsWith("qywx_recorder_", StringComparison.Ordinal)
            || f.Name.StartsWith("process_", StringComparison.Ordinal)
            || f.Name.StartsWith("dotnet_", StringComparison.Ordinal),
            $"unexpected family {f.Name}"));
        Assert.False(scrape.Contains("qywx_recorder_probe_total"));
        Assert.False(scrape.Contains("qywx_recorder_probe"));
    }
}
