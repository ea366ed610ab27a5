using Microsoft.Extensions.Options;
using Recorder.Host;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Bad_settings_stop_the_service_at_start_with_every_problem_named_and_no_secret_shown()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            // A password with an unquoted ';' splits into an unknown key that is part of the secret.
            ["ConnectionStrings:Recorder"] = "Server=127.0.0.1;Password=s3cr3t;tail-of-secret=blue",
            ["Kafka:BootstrapServers"] = "",
            ["Recorder:MaxInFlightPerPartition"] = "0",
            ["Persistence:Writers"] = "0",
        };

        var error = Assert.ThrowsAny<Exception>(() => RecorderApplication.Build("run", [], settings));
        var everything = string.Join("\n", AllFailures(error));

        Assert.Contains("ConnectionStrings:Recorder is invalid", everything, StringComparison.Ordinal);
        Assert.Contains("does not support", everything, StringComparison.Ordinal);
        Assert.Contains("BootstrapServers", everything, StringComparison.Ordinal);
        Assert.Contains("MaxInFlightPerPartition", everything, StringComparison.Ordinal);
        Assert.Contains("Persistence:Writers", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("tail-of-secret", everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_configuration_problem_is_reported_once()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString,
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Recorder:MaxInFlightPerPartition"] = "-1",
        };

        var error = Assert.ThrowsAny<Exception>(() => RecorderApplication.Build("run", [], settings));

        Assert.Equal(["MaxInFlightPerPartition must be positive (is -1)."], AllFailures(error));
    }

    [Fact]
    public void A_dead_letter_topic_equal_to_the_source_topic_is_still_refused()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString,
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Recorder:Topic"] = "rounds",
            ["Recorder:DeadLetterTopic"] = "rounds",
        };

        var error = Assert.ThrowsAny<Exception>(() => RecorderApplication.Build("run", [], settings));

        Assert.Equal(["Recorder:DeadLetterTopic must differ from Recorder:Topic."], AllFailures(error));
    }

    [Fact]
    public async Task The_program_prints_each_configuration_problem_once_and_exits_3()
    {
        using var program = RecorderProgram.Install(_ => { });
        program.Start(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString,
            ["Kafka__BootstrapServers"] = "127.0.0.1:1",
            ["Recorder__MaxInFlightPerPartition"] = "-1",
        }, "run");

        var exitCode = await program.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        var lines = program.Output.Split('\n');
        Assert.Single(lines, l => l.Contains("MaxInFlightPerPartition must be positive (is -1).", StringComparison.Ordinal));
    }

    private static IEnumerable<string> AllFailures(Exception error) => error switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(AllFailures),
        _ => [error.Message],
    };
}
