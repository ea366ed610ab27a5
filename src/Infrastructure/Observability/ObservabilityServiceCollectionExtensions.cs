using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using Recorder.Application.Common.Interfaces;

namespace Recorder.Infrastructure.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons of this container: a <see cref="CollectorRegistry"/> of its own holding the standard
    /// process and runtime metrics (<see cref="StandardMetrics"/>), an <see cref="IMetricFactory"/> over it,
    /// <see cref="RecorderMetrics"/> and the application's <see cref="ICommandMetrics"/>.
    /// </summary>
    /// <remarks>
    /// A registry per container, never prometheus-net's static default one, keeps several hosts in one process
    /// (integration tests) apart. It also keeps prometheus-net's meter and event-counter adapters out: they publish
    /// only into the default registry, which nothing here collects, so no gauge-typed copy of a metric can appear.
    /// </remarks>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            StandardMetrics.Register(registry);
            return registry;
        });
        services.TryAddSingleton<IMetricFactory>(provider => Metrics.WithCustomRegistry(provider.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton(provider => new RecorderMetrics(provider.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton<ICommandMetrics>(provider => new PrometheusCommandMetrics(provider.GetRequiredService<IMetricFactory>()));
        return services;
    }
}
