namespace Recorder.Benchmarks.Drain;

/// <summary>
/// The Kafka stand-in (librdkafka's mock cluster, tests/Kafka.MockCluster) as a process of its own, so its CPU and
/// memory are not the recorder's. A fresh one per phase: the mock keeps at most about 5 MiB per partition.
/// </summary>
internal sealed class MockBroker : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private MockBroker(ChildProcess process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<MockBroker> StartAsync(int partitions, string workDirectory)
    {
        var program = RepositoryPaths.ReleaseProgram("tests/Kafka.MockCluster", "Kafka.MockCluster.dll");
        var process = ChildProcess.Start(program,
            ["--brokers", "1", "--topic", $"{DrainRounds.Topic}:{partitions}", "--topic", $"{DrainRounds.Topic}.dlq:4", "--rebalance-delay-ms", "0"],
            new Dictionary<string, string>(), Path.Combine(workDirectory, $"broker-{Guid.NewGuid():N}.log"));
        var line = await process.WaitForOutputAsync("listening on ", TimeSpan.FromSeconds(30));
        return new MockBroker(process, line["listening on ".Length..].Trim());
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
