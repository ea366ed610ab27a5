using Microsoft.Extensions.Options;
using Recorder.Application.Common.Interfaces;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Application;
using Recorder.Host.Endpoints;
using Recorder.Host.Health;
using Recorder.Host.Workers;
using Recorder.Infrastructure;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.Infrastructure.Persistence;

namespace Recorder.Host;

/// <summary>Composes the recorder: one place for the program and for tests that start real instances.</summary>
public static class RecorderApplication
{
    /// <summary>The <c>service.name</c> of the recorder's spans (unless <c>OTEL_SERVICE_NAME</c> names another).</summary>
    public const string ServiceName = "qywx-recorder";

    /// <summary>Builds the host for a command; only `run` adds the consumer, the pool reporter and the endpoints.</summary>
    /// <param name="configure">Extra configuration applied last (tests pass their servers here).</param>
    public static WebApplication Build(string command, string[] args, IEnumerable<KeyValuePair<string, string?>>? configure = null)
    {
        // Settings files are found next to the program, not in whatever directory it was started from: the default
        // content root is the current directory, so a recorder started elsewhere silently ran without
        // appsettings.json (port 5000 instead of 8080, every probe logged at info).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (configure is not null)
        {
            builder.Configuration.AddInMemoryCollection(configure);
        }

        builder.Services.AddApplication();
        builder.Services.AddInfrastructure();
        // Exports only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise no span is created at all.
        builder.Services.AddRecorderTracing(builder.Configuration, ServiceName);
        // The shutdown window must hold the consumer's drain plus the final commit and leaving the group.
        // Read raw: the host is built before options are validated, and validation must report every problem.
        var drain = builder.Configuration.GetValue<TimeSpan?>("Recorder:ShutdownDrainTimeout") ?? new KafkaConsumerOptions().ShutdownDrainTimeout;
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = drain + TimeSpan.FromSeconds(30));
        if (command == "run")
        {
            builder.Services.AddSingleton<ReadinessProbe>();
            builder.Services.AddHostedService<RecorderWorker>();
            builder.Services.AddHostedService<ReadinessReporter>();
        }

        var app = builder.Build();
        if (command == "run")
        {
            // Check every options class now, so a misconfigured service names all its problems at once rather
            // than the first one a hosted service happens to resolve.
            app.Services.GetService<IStartupValidator>()?.Validate();
            // The container disposes singletons in reverse order of creation: creating the writer and the
            // dead-letter producer before the consumer keeps them alive while the consumer drains.
            _ = app.Services.GetRequiredService<IConversationRecordWriter>();
            _ = app.Services.GetRequiredService<IDeadLetterPublisher>();
            app.MapOperationsEndpoints();
        }

        return app;
    }
}
