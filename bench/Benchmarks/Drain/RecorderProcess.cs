using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Recorder.Benchmarks.Drain;

/// <summary>The recorder service (`Recorder.Host run`) as an operator runs it: its own process, configured by environment.</summary>
internal sealed class RecorderProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private RecorderProcess(ChildProcess process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>
    /// The gen0 budget a deployment sets (scripts/publish.sh; README, "Memory sizing"), given to every build the
    /// benchmark runs so that builds compare under the same conditions; <c>--recorder DOTNET_GCgen0size=…</c> changes it.
    /// </summary>
    public const string Gen0Budget = "0x4000000";

    public ChildProcess Process => _process;

    public static RecorderProcess Start(DrainOptions options, string bootstrapServers, string workDirectory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Recorder"] = options.ConnectionString,
            ["Kafka__BootstrapServers"] = bootstrapServers,
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_GCgen0size"] = Gen0Budget,
            // The mock cluster holds a group's join round open for session.timeout.ms - 1 s.
            ["Recorder__SessionTimeoutMs"] = "6000",
            ["Recorder__HeartbeatIntervalMs"] = "1000",
        };
        foreach (var (key, value) in extra ?? options.RecorderSettings)
        {
            environment[key] = value;
        }

        var program = options.RecorderProgram ?? RepositoryPaths.PublishedRecorder();
        var process = ChildProcess.Start(program, ["run"], environment, Path.Combine(workDirectory, $"recorder-{Guid.NewGuid():N}.log"));
        return new RecorderProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
    }

    /// <summary>Waits until /readyz answers 200: joined, assigned, broker and database reachable.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"the recorder did not become ready; log {_process.LogPath}:\n{_process.Tail()}");
    }

    public Task<string> ScrapeAsync() => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>
    /// Waits until the recorder reports <paramref name="expected"/> rows inserted (the table was emptied before, so a
    /// round delivered twice cannot make up for one not stored yet), reading its /metrics rather than the table: a
    /// <c>SELECT COUNT(*)</c> every 100 ms scans the whole growing table and took a share of MariaDB's CPU from the
    /// drain it was timing. Each scrape costs the recorder about 15 ms of CPU (process and runtime statistics), so
    /// it is not polled at a fixed 100 ms either: the next look comes after half the time the rate so far says is
    /// left (between 50 ms and 1 s), about 20 scrapes for a drain of several seconds instead of one every 100 ms.
    /// </summary>
    /// <returns>The last scrape.</returns>
    public async Task<string> WaitForCommittedRowsAsync(long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (double Seconds, double Rows)? firstSeen = null;
        while (true)
        {
            string? metrics = null;
            try
            {
                metrics = await ScrapeAsync();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            var committed = metrics is null ? 0 : CommittedRows(metrics);
            if (metrics is not null && committed >= expected)
            {
                return metrics;
            }

            if (committed > 0 && firstSeen is null)
            {
                firstSeen = (clock.Elapsed.TotalSeconds, committed);
            }

            if (_process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"the recorder did not report {expected:N0} rows committed; log {_process.LogPath}:\n{_process.Tail()}");
            }

            await Task.Delay(NextLook(firstSeen, clock.Elapsed.TotalSeconds, committed, expected));
        }
    }

    private static TimeSpan NextLook((double Seconds, double Rows)? firstSeen, double now, double committed, long expected)
    {
        if (firstSeen is not { } start || now - start.Seconds <= 0 || committed <= start.Rows)
        {
            // Starting, or nothing committed since the first look: the first row's time comes from the table.
            return TimeSpan.FromMilliseconds(250);
        }

        var rate = (committed - start.Rows) / (now - start.Seconds);
        var left = (expected - committed) / rate;
        return TimeSpan.FromSeconds(Math.Clamp(left / 2, 0.05, 1.0));
    }

    public static double CommittedRows(string metrics) =>
        MetricsExposition.Value(metrics, "qywx_recorder_db_insert_rows_total{result=\"inserted\"}") ?? 0;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
