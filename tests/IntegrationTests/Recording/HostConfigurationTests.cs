using Microsoft.Extensions.Options;
using Recorder.Host;

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

    private static IEnumerable<string> AllFailures(Exception error) => error switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(AllFailures),
        _ => [error.Message],
    };
}
