using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Recorder.Infrastructure.Common;

namespace Recorder.Infrastructure.Observability.Tracing;

public static class TracingServiceCollectionExtensions
{
    /// <summary>OpenTelemetry's standard variables, read from configuration (the environment, in both hosts).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string SamplerKey = "OTEL_TRACES_SAMPLER";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    /// <summary>
    /// Tracing for the recorder and the producer (docs/design.md §7.6), the one place both hosts register it. Log
    /// entries written inside a span carry its TraceId and SpanId. Spans are exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set; the exporter reads the
    /// other <c>OTEL_EXPORTER_OTLP_*</c> variables itself (protocol, headers, timeout). Without an endpoint nothing
    /// listens to the recorder's sources, so no span is even created.
    /// </summary>
    /// <param name="serviceName">The <c>service.name</c> resource attribute, unless <c>OTEL_SERVICE_NAME</c> names one.</param>
    /// <param name="addExporters">Further exporters (tests add an in-memory one); tracing is on when given.</param>
    public static IServiceCollection AddRecorderTracing(
        this IServiceCollection services, IConfiguration configuration, string serviceName, Action<TracerProviderBuilder>? addExporters = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<LoggerFactoryOptions>(options =>
            options.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        services.AddOptions<TracingOptions>().BindConfiguration(TracingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TracingOptions>>(new ListOptionsValidator<TracingOptions>(o => o.Validate()));

        var exportsOverOtlp = IsOtlpConfigured(configuration);
        if (!exportsOverOtlp && addExporters is null)
        {
            return services;
        }

        var namedByEnvironment = !string.IsNullOrWhiteSpace(configuration[ServiceNameKey]);
        var samplerByEnvironment = !string.IsNullOrWhiteSpace(configuration[SamplerKey]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!namedByEnvironment)
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. RecorderActivitySources.Names]);
                if (!samplerByEnvironment)
                {
                    // A sampler set here would override OTEL_TRACES_SAMPLER, so it is set only when that is absent.
                    tracing.SetSampler(sp => LinkedRootSampler.ParentBased(sp.GetRequiredService<IOptions<TracingOptions>>().Value.SampleRatio));
                }

                if (exportsOverOtlp)
                {
                    tracing.AddOtlpExporter();
                }

                addExporters?.Invoke(tracing);
            });
        return services;
    }

    /// <summary>True when an OTLP endpoint is configured for traces.</summary>
    public static bool IsOtlpConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]) || !string.IsNullOrWhiteSpace(configuration[OtlpTracesEndpointKey]);
    }
}
