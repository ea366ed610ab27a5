using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// The production profile's JSON log lines carry the trace of the record they are about (docs/design.md §7.6): a
/// warning written while a record is processed names the producer's TraceId, its own SpanId and the parent it continues.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class TraceIdsInLogsTests
{
    [Fact]
    public async Task A_warning_about_a_record_names_the_records_trace_in_the_production_json_line()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var upstream = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var round = env.Rounds(1, pairs: 1, tag: "logged")[0];
        // Without occurred the round is still recorded, with a warning: the log line this test reads.
        round.Headers.Remove("occurred");
        round.Headers.Add("traceparent", Encoding.ASCII.GetBytes($"00-{upstream.TraceId}-{upstream.SpanId}-01"));
        await env.ProduceAsync([round]);
        var port = FreePort();
        using var program = RecorderProgram.Install(settings => settings["Urls"] = $"http://127.0.0.1:{port}");

        program.Start(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString,
            ["Kafka__BootstrapServers"] = env.Cluster.BootstrapServers,
            ["Recorder__SessionTimeoutMs"] = "6000",
            ["Recorder__HeartbeatIntervalMs"] = "500",
            // Tracing on; nothing listens there, and a failed export must not disturb recording.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{FreePort()}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }, "run");
        await env.WaitForRowsAsync(2, TimeSpan.FromSeconds(90));
        var warning = await WarningAsync(program, TimeSpan.FromSeconds(30));
        await program.StopAsync(TimeSpan.FromSeconds(60));

        var scope = warning.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.Equal(upstream.TraceId.ToHexString(), scope.GetProperty("TraceId").GetString());
        Assert.Equal(upstream.SpanId.ToHexString(), scope.GetProperty("ParentId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", scope.GetProperty("SpanId").GetString());
        Assert.NotEqual(upstream.SpanId.ToHexString(), scope.GetProperty("SpanId").GetString());
    }

    private static async Task<JsonElement> WarningAsync(RecorderProgram program, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var line in program.Output.Split('\n').Where(l => l.StartsWith('{')))
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.GetProperty("Message").GetString()!.Contains("has no usable occurred header", StringComparison.Ordinal))
                {
                    return entry.RootElement.Clone();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "no occurred warning in the output:\n" + program.Output);
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
