using System.Net.Sockets;

namespace Kafka.MockCluster.Hosting;

/// <summary>Runs a cluster for the program: start, announce the bootstrap servers, serve until stopped.</summary>
public static class MockClusterHost
{
    /// <summary>The line printed once clients can connect: this prefix and the bootstrap servers.</summary>
    public const string ReadyPrefix = "listening on ";

    /// <returns>The process exit code: 0 after a requested stop, 1 when the cluster could not start.</returns>
    public static async Task<int> RunAsync(
        MockKafkaClusterOptions options, TextWriter output, TextWriter errors, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);

        MockKafkaCluster cluster;
        try
        {
            cluster = MockKafkaCluster.Start(options);
        }
        catch (SocketException e)
        {
            var ports = options.Brokers == 1
                ? $"port {options.ForwarderFirstPort}"
                : $"ports {options.ForwarderFirstPort}-{options.ForwarderFirstPort + options.Brokers - 1}";
            await errors.WriteLineAsync($"cannot listen on {ports}: {e.Message}");
            return 1;
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 1;
        }

        await using (cluster)
        {
            await output.WriteLineAsync(ReadyPrefix + cluster.BootstrapServers);
            await output.FlushAsync(CancellationToken.None);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await errors.WriteLineAsync("stopping");
        }

        return 0;
    }
}
