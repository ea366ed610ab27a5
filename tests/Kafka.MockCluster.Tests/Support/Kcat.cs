using System.Text.Json;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>Debian's kcat, an independent client (its own librdkafka build), for cross-checks.</summary>
internal static class Kcat
{
    private const string Executable = "kcat";

    /// <summary><c>kcat -L -J</c>: the cluster metadata as JSON.</summary>
    public static async Task<JsonElement> MetadataAsync(string bootstrapServers, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["-L", "-J", "-b", bootstrapServers, "-m", "10"], cancellationToken);
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    public static async Task<ExternalProcess.Result> RunAsync(
        IEnumerable<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var result = await ExternalProcess.RunAsync(Executable, arguments, cancellationToken, input);
        Assert.True(result.ExitCode == 0, $"kcat exited with {result.ExitCode}: {result.Errors}");
        return result;
    }
}
