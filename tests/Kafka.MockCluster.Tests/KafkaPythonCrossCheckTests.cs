using System.Text.Json;
using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

/// <summary>kafka-python (pure Python, no librdkafka) in a consumer group against the harness.</summary>
public sealed class KafkaPythonCrossCheckTests
{
    private const string Topic = "qywx-recorder";
    private const string Group = "python-group";
    private const int Count = 40;

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Scripts", "group_consume.py");

    [Fact]
    public async Task A_kafka_python_group_member_commits_and_the_next_one_resumes_there()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            ForwarderFirstPort = 0,
            Topics = [new TopicSpec(Topic, 2)],
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        using var timeout = TestTimeout.Seconds(90);
        var producerConfig = SpecKafkaConfig.Producer(cluster.BootstrapServers);
        // Debian's kafka-python has no lz4 codec installed; compression is not what this test is about.
        producerConfig.CompressionType = CompressionType.None;
        using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.ProduceAsync(
                    new TopicPartition(Topic, i % 2),
                    new Message<string, string> { Key = $"user-{i}", Value = $"round {i}", Headers = new Headers { { "schema", "ipang.qa.v1"u8.ToArray() } } },
                    timeout.Token);
            }
        }

        var first = await ConsumeAsync(cluster, maxRecords: 25, timeout.Token);
        var second = await ConsumeAsync(cluster, maxRecords: Count - 25, timeout.Token);
        var third = await ConsumeAsync(cluster, maxRecords: 1, timeout.Token, seconds: 3, expectComplete: false);

        Assert.Equal(25, first.Count);
        Assert.Equal(Count - 25, second.Count);
        Assert.Empty(third);
        var all = first.Concat(second).ToArray();
        Assert.Equal(
            Enumerable.Range(0, Count).Select(i => $"user-{i}|round {i}|ipang.qa.v1"),
            all.OrderBy(r => int.Parse(r.Key["user-".Length..], System.Globalization.CultureInfo.InvariantCulture))
                .Select(r => $"{r.Key}|{r.Value}|{r.Headers["schema"]}"));
        foreach (var partition in new[] { 0, 1 })
        {
            // The second member starts exactly after the first one's last handled offset.
            var firstLast = first.Where(r => r.Partition == partition).Select(r => r.Offset).DefaultIfEmpty(-1).Max();
            Assert.Equal(firstLast + 1, second.Where(r => r.Partition == partition).Min(r => r.Offset));
        }

        // Offsets committed by kafka-python are the ones librdkafka reads for the group.
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = Group,
        }).Build();
        var committed = reader.Committed([new TopicPartition(Topic, 0), new TopicPartition(Topic, 1)], TimeSpan.FromSeconds(10));
        Assert.Equal([Count / 2L, Count / 2L], committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value));
    }

    private static async Task<List<PythonRecord>> ConsumeAsync(
        MockKafkaCluster cluster, int maxRecords, CancellationToken cancellationToken, int seconds = 30, bool expectComplete = true)
    {
        var result = await ExternalProcess.RunAsync(
            "/usr/bin/python3",
            [Script, "--bootstrap", cluster.BootstrapServers, "--topic", Topic, "--group", Group,
             "--max-records", $"{maxRecords}", "--seconds", $"{seconds}"],
            cancellationToken);
        Assert.True(
            result.ExitCode == (expectComplete ? 0 : 3),
            $"group_consume.py exited with {result.ExitCode}: {result.Errors}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<PythonRecord>(line, JsonOptions)!)
            .ToList();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record PythonRecord(int Partition, long Offset, string Key, string Value, Dictionary<string, string> Headers);
}
