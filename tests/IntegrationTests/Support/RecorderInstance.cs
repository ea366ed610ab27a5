using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Host;

namespace Recorder.IntegrationTests.Support;

/// <summary>A real recorder (`run` command: consumer, writer, endpoints) in this process, on an ephemeral port.</summary>
internal sealed class RecorderInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private RecorderInstance(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RecorderInstance> StartAsync(string bootstrapServers, IDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Recorder"] = connectionString ?? TestDatabase.ConnectionString,
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Logging:LogLevel:Default"] = "Warning",
            // Small limits make the tests reach pauses, commits and retries quickly.
            ["Recorder:CommitInterval"] = "00:00:00.500",
            // The mock cluster holds every join round for session.timeout.ms - 1 s; 30 s would make each rebalance a minute.
            ["Recorder:SessionTimeoutMs"] = "6000",
            ["Recorder:HeartbeatIntervalMs"] = "500",
            ["Recorder:RetryInitialBackoff"] = "00:00:00.200",
            ["Recorder:RetryMaxBackoff"] = "00:00:02",
            ["Persistence:RetryMaxBackoff"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = RecorderApplication.Build("run", [], configuration);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RecorderInstance(app, new Uri(address));
    }

    public Task<string> ScrapeAsync() => Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>SIGTERM's path: stop polling, drain, commit, leave the group.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
