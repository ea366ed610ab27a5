using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Infrastructure.Observability;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary><c>qywx_recorder_ready</c> follows the readiness probe, so the "not ready" alert sees what /readyz sees.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed class ReadinessMetricTests
{
    private const string Ready = "qywx_recorder_ready";

    // The reporter runs every 15 s and the probe caches its answer for 5 s.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_gauge_is_1_while_ready_and_drops_to_0_when_MySQL_goes_away()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var server = new MySqlConnector.MySqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpOutageProxy(new IPEndPoint(IPAddress.Parse(server.Server), (int)server.Port));
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers, connectionString: TestDatabase.With(b => b.Port = (uint)proxy.Port));

        await WaitForReadyAsync(recorder, 1);
        using (var ready = await recorder.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        proxy.Cut();
        await WaitForReadyAsync(recorder, 0);
        using var notReady = await recorder.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("\"databaseReachable\":false", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gauge_is_0_once_the_instance_stops()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await WaitForReadyAsync(recorder, 1);
        var metrics = recorder.Services.GetRequiredService<RecorderMetrics>();

        await recorder.StopAsync();

        Assert.Equal(0, MetricsText.Require(await MetricsText.TextAsync(metrics.Registry), Ready));
    }

    private static async Task WaitForReadyAsync(RecorderInstance recorder, double expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        double? value;
        while ((value = MetricsText.Value(await recorder.ScrapeAsync(), Ready)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.True(value == expected, $"{Ready} is {value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {expected} within {Patience.TotalSeconds} s");
    }
}
