using System.Security.Cryptography;
using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class IdempotentProducerTests
{
    private const string Topic = "qywx-recorder";

    [Fact]
    public async Task Ten_thousand_keyed_lz4_messages_come_back_per_partition_in_order_and_intact()
    {
        const int Count = 10_000;
        const int DistinctKeys = 40;
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(Topic, 4));
        using var timeout = TestTimeout.Seconds(60);
        var reports = new DeliveryResult<string, byte[]>[Count];

        using (var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build())
        {
            // Produce calls from one thread keep their order per partition; idempotence keeps it through retries.
            var deliveries = new Task[Count];
            for (var sequence = 0; sequence < Count; sequence++)
            {
                var index = sequence;
                deliveries[sequence] = producer.ProduceAsync(Topic, SequencedMessages.Create(sequence, DistinctKeys), timeout.Token)
                    .ContinueWith(t => reports[index] = t.Result, TaskScheduler.Default);
            }

            await Task.WhenAll(deliveries);
        }

        Assert.All(reports, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        var log = PartitionLog.ReadAll(cluster.BootstrapServers, Topic, 4, timeout.Token);

        Assert.Equal(Count, log.Values.Sum(records => records.Count));
        Assert.All(log.Values, records => Assert.NotEmpty(records));
        foreach (var (partition, records) in log)
        {
            var sequences = records.Select(SequencedMessages.SequenceOf).ToArray();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(records.Select(r => r.Offset.Value), Enumerable.Range(0, records.Count).Select(i => (long)i));
            foreach (var record in records)
            {
                SequencedMessages.AssertIntact(record, DistinctKeys);
                var report = reports[SequencedMessages.SequenceOf(record)];
                Assert.Equal(partition, report.Partition.Value);
                Assert.Equal(record.Offset, report.Offset);
            }
        }

        // One key, one partition: the order of a user's rounds is the order they were produced in.
        Assert.All(
            log.Values.SelectMany(records => records).GroupBy(r => r.Message.Key),
            byKey => Assert.Single(byKey.Select(r => r.Partition.Value).Distinct()));
    }

    [Fact]
    public async Task A_value_just_under_6_MiB_passes_with_the_spec_producer_and_consumer_sizes()
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Topics = [new TopicSpec(Topic, 1)],
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        using var timeout = TestTimeout.Seconds(60);
        // message.max.bytes bounds key + value + headers + record overhead, so the value itself stays a little
        // under 6 MiB (see the next test).
        var value = RandomNumberGenerator.GetBytes(SpecKafkaConfig.MessageMaxBytes - 1024);

        using (var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build())
        {
            var report = await producer.ProduceAsync(Topic, LargeMessage(value), timeout.Token);
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        using var consumer = new ConsumerBuilder<string, byte[]>(SpecKafkaConfig.Consumer(cluster.BootstrapServers, "large-values")).Build();
        consumer.Subscribe(Topic);
        var received = consumer.Consume(timeout.Token);
        Assert.Equal(value, received.Message.Value);
        Assert.Equal("user-big", received.Message.Key);
        consumer.Close();
    }

    [Fact]
    public async Task A_value_of_exactly_6_MiB_plus_key_and_headers_is_refused_by_the_producer()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(Topic, 1));
        using var timeout = TestTimeout.Seconds(30);
        using var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build();

        var refused = await Assert.ThrowsAsync<ProduceException<string, byte[]>>(() =>
            producer.ProduceAsync(Topic, LargeMessage(new byte[SpecKafkaConfig.MessageMaxBytes]), timeout.Token));

        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);
    }

    [Fact]
    public async Task A_7_MiB_value_is_refused_by_the_producer_and_never_reaches_the_broker()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(Topic, 1));
        using var timeout = TestTimeout.Seconds(30);
        using var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build();
        await producer.ProduceAsync(Topic, LargeMessage([1, 2, 3]), timeout.Token);
        cluster.StartRequestTracking();

        var refused = await Assert.ThrowsAsync<ProduceException<string, byte[]>>(() =>
            producer.ProduceAsync(Topic, LargeMessage(new byte[7 * 1024 * 1024]), timeout.Token));
        producer.Flush(timeout.Token);

        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);
        Assert.Equal(0, cluster.CountTrackedRequests(KafkaApiKey.Produce));
        Assert.Equal([1L], PartitionLog.HighWatermarks(cluster.BootstrapServers, Topic, 1));
    }

    private static Message<string, byte[]> LargeMessage(byte[] value) => new()
    {
        Key = "user-big",
        Value = value,
        Headers = new Headers { { "schema", "ipang.qa.v1"u8.ToArray() }, { "user_id", "user-big"u8.ToArray() } },
    };
}
