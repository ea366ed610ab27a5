using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Debian's Prometheus server in a process of its own: a temporary configuration that scrapes one target every
/// second as job <c>qywx-recorder</c> and loads a rule file, temporary storage, and its HTTP API on a free loopback
/// port. Disposing kills the process and removes its files.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Program = "/usr/bin/prometheus";
    public const string Job = "qywx-recorder";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output;

    private PrometheusServer(Process process, string directory, ConcurrentQueue<string> output, Uri address)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>What the server logged so far (warnings and errors).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the server and waits until it answers <c>/-/ready</c>.</summary>
    /// <param name="target">The recorder's base address; <c>/metrics</c> is scraped.</param>
    public static async Task<PrometheusServer> StartAsync(Uri target, string ruleFile)
    {
        ArgumentNullException.ThrowIfNull(target);
        ExternalTool.Require(Program, "prometheus");
        var directory = Directory.CreateTempSubdirectory("prometheus-").FullName;
        var configFile = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - '{ruleFile}'
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Authority}']
            """);

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, directory, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET on the HTTP API; fails unless the answer has <c>"status": "success"</c>. Returns <c>data</c>.</summary>
    public async Task<JsonElement> ApiAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(
            response.IsSuccessStatusCode && root.GetProperty("status").GetString() == "success",
            $"GET {pathAndQuery} answered {(int)response.StatusCode}: {body}");
        return root.GetProperty("data").Clone();
    }

    /// <summary>An instant query; fails on a query Prometheus cannot evaluate. Returns its result vector.</summary>
    public async Task<JsonElement> QueryAsync(string promQl) =>
        (await ApiAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl))).GetProperty("result");

    /// <summary>Polls an instant query until it returns at least one series.</summary>
    public async Task WaitForAsync(string promQl, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await QueryAsync(promQl)).GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{promQl}' returned nothing within {timeout.TotalSeconds} s");
            await Task.Delay(500);
        }
    }

    /// <summary>Every series name Prometheus holds.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync() =>
        (await ApiAsync("api/v1/label/__name__/values")).EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The type (counter, gauge, histogram, …) of every family scraped, from the targets' metadata.</summary>
    public async Task<IReadOnlyDictionary<string, string>> MetricTypesAsync() =>
        (await ApiAsync("api/v1/metadata")).EnumerateObject()
            .ToDictionary(family => family.Name, family => family.Value[0].GetProperty("type").GetString()!, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited ({_process.ExitCode}):\n{Output}");
            }

            try
            {
                using var ready = await Http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"prometheus was not ready within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }
}
