using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recorder.Application;
using Recorder.Infrastructure;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.Migrations;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// The recorder's application and infrastructure services, registered exactly as the host registers them, for tests of
/// one part (the writer, the EF model) without Kafka or HTTP. Each instance has its own metrics registry and pool.
/// </summary>
internal sealed class RecorderServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private RecorderServices(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public static RecorderServices Create(string? connectionString = null, IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recorder"] = connectionString ?? TestDatabase.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddLogging();
        services.AddApplication();
        services.AddInfrastructure();
        return new RecorderServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>The metrics exposition of this instance's registry, as /metrics would serve it.</summary>
    public Task<string> ScrapeMetricsAsync()
    {
        _ = Get<RecorderMetrics>();
        return MetricsText.TextAsync(Get<Prometheus.CollectorRegistry>());
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    /// <summary>Creates or upgrades the recorder's schema in the test database.</summary>
    public static Task<MigrationReport> MigrateAsync(string? connectionString = null) =>
        Migrator(connectionString).MigrateAsync(CancellationToken.None);

    public static SchemaMigrator Migrator(string? connectionString = null) => new(
        Options.Create(new PersistenceOptions { ConnectionString = connectionString ?? TestDatabase.ConnectionString }),
        NullLogger<SchemaMigrator>.Instance);
}
