using System.Text;
using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

/// <summary>Debian's kcat (its own, older librdkafka) against the harness through the forwarders.</summary>
public sealed class KcatCrossCheckTests
{
    private const string Topic = "qywx-recorder";

    [Fact]
    public async Task Kcat_produces_keyed_messages_with_headers_that_Confluent_Kafka_reads_back()
    {
        await using var cluster = StartForwarded();
        using var timeout = TestTimeout.Seconds(60);
        string[] lines = ["user-1|[{\"q\":\"你好\",\"a\":\"hi\"}]", "user-2|[{\"q\":\"q2\",\"a\":\"\"}]", "user-1|[]"];

        await Kcat.RunAsync(
            ["-P", "-b", cluster.BootstrapServers, "-t", Topic, "-p", "1", "-K", "|",
             "-H", "schema=ipang.qa.v1", "-H", "occurred=1700000000"],
            timeout.Token,
            input: string.Join('\n', lines) + "\n");

        var records = PartitionLog.ReadAll(cluster.BootstrapServers, Topic, 2, timeout.Token)[1];
        Assert.Equal(
            lines,
            records.Select(r => $"{r.Message.Key}|{Encoding.UTF8.GetString(r.Message.Value)}"));
        Assert.All(records, r => Assert.Equal(
            ["schema=ipang.qa.v1", "occurred=1700000000"],
            r.Message.Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.GetValueBytes())}")));
    }

    [Fact]
    public async Task Kcat_consumes_what_the_spec_producer_wrote_with_keys_values_and_headers()
    {
        await using var cluster = StartForwarded();
        using var timeout = TestTimeout.Seconds(60);
        var expected = new List<string>();
        using (var producer = new ProducerBuilder<string, string>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                var message = new Message<string, string>
                {
                    Key = $"user-{i}",
                    Value = $"[{{\"q\":\"question {i}\",\"a\":\"answer {i}\"}}]",
                    Headers = new Headers { { "schema", "ipang.qa.v1"u8.ToArray() }, { "qa_pairs", "1"u8.ToArray() } },
                };
                var report = await producer.ProduceAsync(new TopicPartition(Topic, 0), message, timeout.Token);
                expected.Add($"{report.Offset.Value}|{message.Key}|{message.Value}|schema=ipang.qa.v1,qa_pairs=1");
            }
        }

        // The producer compresses with lz4; kcat decompresses on its own.
        var result = await Kcat.RunAsync(
            ["-C", "-b", cluster.BootstrapServers, "-t", Topic, "-p", "0", "-o", "beginning", "-e", "-q",
             "-f", "%o|%k|%s|%h\\n"],
            timeout.Token);

        Assert.Equal(expected, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Kcat_metadata_lists_the_forwarded_brokers_and_topics()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Brokers = 3,
            ForwarderFirstPort = 0,
            Topics = [new TopicSpec(Topic, 24, 3), new TopicSpec("qywx-recorder.dlq", 4, 3)],
        });
        using var timeout = TestTimeout.Seconds(60);

        var metadata = await Kcat.MetadataAsync(cluster.BootstrapServers, timeout.Token);

        Assert.Equal(
            cluster.BrokerEndPoints.OrderBy(b => b.Key).Select(b => $"{b.Key}@{b.Value}"),
            metadata.GetProperty("brokers").EnumerateArray()
                .Select(b => $"{b.GetProperty("id").GetInt32()}@{b.GetProperty("name").GetString()}").Order());
        var topics = metadata.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("topic").GetString()!);
        Assert.Equal(24, topics[Topic].GetProperty("partitions").GetArrayLength());
        Assert.Equal(4, topics["qywx-recorder.dlq"].GetProperty("partitions").GetArrayLength());
        Assert.All(
            topics[Topic].GetProperty("partitions").EnumerateArray(),
            p => Assert.Equal(3, p.GetProperty("replicas").GetArrayLength()));
    }

    private static MockKafkaCluster StartForwarded() => MockKafkaCluster.Start(new MockKafkaClusterOptions
    {
        ForwarderFirstPort = 0,
        Topics = [new TopicSpec(Topic, 2)],
    });
}
