using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Recorder.Infrastructure.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RecorderMetrics"/> and <see cref="PrometheusTextExporter"/> as singletons. When the
    /// container has an <see cref="IMeterFactory"/> (every generic or web host does), both use it, and the exporter
    /// sees only this container's meters.
    /// </summary>
    /// <remarks>
    /// Resolving <see cref="RecorderMetrics"/> first creates the exporter, so it is listening before any histogram is
    /// recorded; histogram measurements taken while no listener exists are lost by design of
    /// <see cref="System.Diagnostics.Metrics"/>. Hosts should resolve the exporter (or the metrics) at start-up.
    /// </remarks>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
            new PrometheusTextExporter(PrometheusTextExporter.DefaultMeterNames, provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(provider =>
        {
            _ = provider.GetRequiredService<PrometheusTextExporter>();
            return new RecorderMetrics(provider.GetService<IMeterFactory>());
        });
        return services;
    }
}
