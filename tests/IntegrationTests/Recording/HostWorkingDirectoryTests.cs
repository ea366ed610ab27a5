using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kafka.MockCluster;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// The recorder reads the settings files next to the program, whatever directory it is started from: the address
/// it binds and its log levels come from there, not from an appsettings.json that happens to be in the working
/// directory (nor from the framework defaults when there is none).
/// </summary>
public sealed class HostWorkingDirectoryTests
{
    [Fact]
    public async Task Started_from_another_directory_the_program_uses_its_own_settings()
    {
        var port = FreePort();
        var decoyPort = FreePort();
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(RecordingEnvironment.Topic, 1, 1), new TopicSpec(RecordingEnvironment.DeadLetterTopic, 1, 1));
        // The shipped settings, moved to a free port so that the test cannot collide with a recorder already on 8080.
        using var program = RecorderProgram.Install(settings => settings["Urls"] = $"http://127.0.0.1:{port}");
        var elsewhere = Directory.CreateTempSubdirectory("recorder-cwd-");
        try
        {
            // What the old behaviour would have picked up instead: another address, every request logged.
            var decoy = new JsonObject
            {
                ["Urls"] = $"http://127.0.0.1:{decoyPort}",
                ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Debug" } },
            };
            await File.WriteAllTextAsync(Path.Combine(elsewhere.FullName, "appsettings.json"), decoy.ToJsonString());
            program.Start(elsewhere.FullName, new Dictionary<string, string>
            {
                ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString,
                ["Kafka__BootstrapServers"] = cluster.BootstrapServers,
                ["Recorder__SessionTimeoutMs"] = "6000",
                ["Recorder__HeartbeatIntervalMs"] = "500",
            }, "run");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.True(await HealthyAsync(http, port, TimeSpan.FromSeconds(60)), "no /healthz on the configured port:\n" + program.Output);
            for (var i = 0; i < 3; i++)
            {
                await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            }

            var decoyAnswers = await AnswersAsync(http, decoyPort);
            var exitCode = await program.StopAsync(TimeSpan.FromSeconds(60));
            var output = program.Output;

            Assert.False(decoyAnswers, "the working directory's appsettings.json was used");
            Assert.Contains($"Now listening on: http://127.0.0.1:{port}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
            Assert.DoesNotContain("/healthz", output, StringComparison.Ordinal);
            Assert.DoesNotContain("dbug:", output, StringComparison.Ordinal);
            Assert.Equal(0, exitCode);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    private static async Task<bool> HealthyAsync(HttpClient http, int port, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await AnswersAsync(http, port))
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
