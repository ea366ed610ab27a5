using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Recorder.Infrastructure.Observability.Tracing;

namespace Recorder.UnitTests.Tracing;

/// <summary>AddRecorderTracing: OTLP export only when an endpoint is configured, sampling, trace ids in logs.</summary>
[Collection(TracingListenersCollection.Name)]
public sealed class TracingRegistrationTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_no_tracer_provider_is_registered()
    {
        await using var provider = Build(new Dictionary<string, string?>());

        Assert.Null(provider.GetService<TracerProvider>());
        var logging = provider.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value;
        Assert.True(logging.ActivityTrackingOptions.HasFlag(ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_spans_of_the_recorders_sources_are_exported_to_it()
    {
        using var collector = new FakeOtlpCollector();
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var tracer = provider.GetRequiredService<TracerProvider>();
        var name = "otlp-check-" + Guid.NewGuid().ToString("N");

        using (var span = RecorderActivitySources.Persistence.StartActivity(name))
        {
            Assert.NotNull(span);
        }

        Assert.True(tracer.ForceFlush(10_000));
        var request = await collector.NextRequestAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("/v1/traces", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        // Protobuf writes strings as UTF-8 bytes: the span's name and the service's are in the body as they are.
        Assert.Contains(name, Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains("test-service", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sample_ratio_of_zero_drops_new_traces_but_keeps_children_of_sampled_parents_and_spans_linked_to_them()
    {
        var exported = new List<Activity>();
        await using var provider = Build(new Dictionary<string, string?> { ["Tracing:SampleRatio"] = "0" }, t => t.AddInMemoryExporter(exported));
        _ = provider.GetRequiredService<TracerProvider>();
        var sampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using var noParent = SuppressAmbient();

        using var root = RecorderActivitySources.Consumer.StartActivity("root", ActivityKind.Consumer, parentContext: default);
        using var child = RecorderActivitySources.Consumer.StartActivity("child", ActivityKind.Consumer, sampled);
        using var childOfUnsampled = RecorderActivitySources.Consumer.StartActivity("unsampled child", ActivityKind.Consumer, unsampled);
        Activity.Current = null;
        using var linked = RecorderActivitySources.Persistence.StartActivity("linked", ActivityKind.Client, default(ActivityContext), links: [new ActivityLink(unsampled), new ActivityLink(sampled)]);
        Activity.Current = null;
        using var linkedToUnsampled = RecorderActivitySources.Persistence.StartActivity("linked to unsampled", ActivityKind.Client, default(ActivityContext), links: [new ActivityLink(unsampled)]);

        // Dropped spans may still exist to carry the context along (the SDK propagates), but they are not recorded.
        Assert.False(root?.Recorded ?? false);
        Assert.True(child?.Recorded);
        Assert.False(childOfUnsampled?.Recorded ?? false);
        Assert.True(linked?.Recorded);
        Assert.False(linkedToUnsampled?.Recorded ?? false);
    }

    [Fact]
    public async Task The_standard_sampler_variable_replaces_the_sample_ratio()
    {
        var exported = new List<Activity>();
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["Tracing:SampleRatio"] = "1",
            ["OTEL_TRACES_SAMPLER"] = "always_off",
        }, t => t.AddInMemoryExporter(exported));
        _ = provider.GetRequiredService<TracerProvider>();
        using var noParent = SuppressAmbient();

        using var root = RecorderActivitySources.Consumer.StartActivity("root", ActivityKind.Consumer, parentContext: default);

        Assert.False(root?.Recorded ?? false);
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public async Task A_sample_ratio_outside_zero_to_one_is_refused_at_start(string ratio)
    {
        await using var provider = Build(new Dictionary<string, string?> { ["Tracing:SampleRatio"] = ratio });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TracingOptions>>().Value);
        Assert.Contains("Tracing:SampleRatio must be between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<TracerProviderBuilder>? addExporters = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddRecorderTracing(configuration, "test-service", addExporters);
        return services.BuildServiceProvider();
    }

    /// <summary>Spans started in the test start without the test runner's ambient span, as roots.</summary>
    private static Scope SuppressAmbient()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        return new Scope(previous);
    }

    private sealed class Scope(Activity? previous) : IDisposable
    {
        public void Dispose() => Activity.Current = previous;
    }

    /// <summary>Answers OTLP/HTTP export requests on a loopback port and keeps them.</summary>
    private sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();

        public FakeOtlpCollector()
        {
            var port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
        }

        public string Endpoint { get; }

        public async Task<(string Path, string? ContentType, byte[] Body)> NextRequestAsync(TimeSpan timeout)
        {
            var context = await _listener.GetContextAsync().WaitAsync(timeout);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            return (context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray());
        }

        public void Dispose() => _listener.Close();

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
