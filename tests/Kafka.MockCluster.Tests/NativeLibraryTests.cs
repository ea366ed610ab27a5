using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class NativeLibraryTests
{
    [Fact]
    public void Confluent_Kafka_runs_on_the_librdkafka_of_the_redist_package()
    {
        Assert.StartsWith("2.16.", Library.VersionString, StringComparison.Ordinal);
        // rd_kafka_version(): 0xMMmmrrxx.
        Assert.Equal(0x0210, Library.Version >> 16);
        Assert.Equal(Library.VersionString, MockKafkaCluster.NativeVersion);
    }

    [Fact]
    public async Task Producer_with_built_in_mock_brokers_gets_a_persisted_delivery_report()
    {
        using var timeout = TestTimeout.Seconds(30);
        var config = new ProducerConfig { BootstrapServers = "unused:9092" };
        config.Set("test.mock.num.brokers", "1");
        using var producer = new ProducerBuilder<string, string>(config).Build();

        var report = await producer.ProduceAsync(
            "built-in-mock", new Message<string, string> { Key = "k", Value = "v" }, timeout.Token);

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        Assert.Equal(0, report.Offset.Value);
    }

    [Fact]
    public async Task Harness_and_Confluent_Kafka_share_one_librdkafka_from_the_redist_package()
    {
        // Load through both paths first: Confluent.Kafka on first use, the harness through its own imports.
        _ = Library.VersionString;
        await using var cluster = MockKafkaCluster.Start(1);

        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("librdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct()
            .ToArray();

        var only = Assert.Single(loaded);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), only, StringComparison.Ordinal);
    }
}
