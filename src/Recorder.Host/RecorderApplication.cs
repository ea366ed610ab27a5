using Recorder.Application;
using Recorder.Host.Endpoints;
using Recorder.Host.Health;
using Recorder.Host.Workers;
using Recorder.Infrastructure;
using Recorder.Infrastructure.Persistence;

namespace Recorder.Host;

/// <summary>Composes the recorder: one place for the program and for tests that start real instances.</summary>
public static class RecorderApplication
{
    /// <summary>Builds the host for a command; only `run` adds the consumer, the pool reporter and the endpoints.</summary>
    /// <param name="configure">Extra configuration applied last (tests pass their servers here).</param>
    public static WebApplication Build(string command, string[] args, IEnumerable<KeyValuePair<string, string?>>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (configure is not null)
        {
            builder.Configuration.AddInMemoryCollection(configure);
        }

        builder.Services.AddApplication();
        builder.Services.AddInfrastructure();
        // Draining in-flight work and the final commit must fit in the host's shutdown window.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        if (command == "run")
        {
            builder.Services.AddSingleton<ReadinessProbe>();
            builder.Services.AddHostedService<RecorderWorker>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PoolStatisticsReporter>());
        }

        var app = builder.Build();
        if (command == "run")
        {
            app.MapOperationsEndpoints();
        }

        return app;
    }
}
