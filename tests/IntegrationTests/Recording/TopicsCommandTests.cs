using System.Diagnostics;
using Kafka.MockCluster;
using Recorder.Host;
using Recorder.Host.Commands;

namespace Recorder.IntegrationTests.Recording;

public sealed class TopicsCommandTests
{
    [Theory]
    [InlineData("topics check")]
    [InlineData("topics ensure")]
    public async Task A_cluster_without_admin_apis_is_reported_quickly_and_clearly(string command)
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec("qywx-recorder", 2));
        await using var app = RecorderApplication.Build(command, [], new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["Topics:AdminTimeout"] = "00:00:05",
            ["ConnectionStrings:Recorder"] = "Server=127.0.0.1",
        });
        var output = new StringWriter();
        var clock = Stopwatch.StartNew();

        var exitCode = await TopicsCommand.RunAsync(app.Services, create: command.EndsWith("ensure", StringComparison.Ordinal), output);

        Assert.Equal(TopicsCommand.ExitNoAdminApi, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("admin", output.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mock cluster", output.ToString(), StringComparison.Ordinal);
    }
}
