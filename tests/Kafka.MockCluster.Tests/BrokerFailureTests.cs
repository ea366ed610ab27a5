using System.Collections.Concurrent;
using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class BrokerFailureTests
{
    private const string Topic = "qywx-recorder";
    private const int DistinctKeys = 60;

    [Fact]
    public async Task Producer_and_consumer_ride_out_a_broker_outage_without_loss_or_duplicates()
    {
        const int Partitions = 6;
        const int Batches = 6;
        const int PerBatch = 400;
        const int DownBroker = 1;
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Brokers = 3,
            Topics = [new TopicSpec(Topic, Partitions, 3)],
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        // Broker 1 leads partitions 0 and 3 and coordinates the group: the outage hits producer, fetcher and group.
        for (var partition = 0; partition < Partitions; partition++)
        {
            cluster.SetPartitionLeader(Topic, partition, partition % 3 + 1);
        }

        cluster.SetGroupCoordinator("outage-group", DownBroker);
        using var timeout = TestTimeout.Seconds(90);

        var consumerConfig = SpecKafkaConfig.Consumer(cluster.BootstrapServers, "outage-group");
        // Short enough for a quick join on the mock, long enough to outlast the outage without a rebalance.
        consumerConfig.SessionTimeoutMs = 15000;
        consumerConfig.HeartbeatIntervalMs = 500;
        using var consumer = new GroupMember(consumerConfig, Topic, _ => Handling.ProcessWithoutCommit);
        consumer.Start(timeout.Token);
        await Wait.UntilAsync(() => consumer.Assignment.Count == Partitions, "the consumer is assigned", timeout.Token);

        // The mock checks producer sequence numbers only for transactional producers, so it cannot drop a batch
        // re-sent after its response was lost. The outage therefore starts while no Produce request is in flight:
        // what is tested is that queued messages survive it, not broker-side deduplication.
        var deliveredWhileDown = new ConcurrentBag<int>();
        var down = false;
        var deliveries = new List<Task<DeliveryResult<string, byte[]>>>();
        using (var producer = new ProducerBuilder<string, byte[]>(SpecKafkaConfig.Producer(cluster.BootstrapServers)).Build())
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                if (batch == 2)
                {
                    await Task.WhenAll(deliveries);
                    cluster.SetBrokerDown(DownBroker);
                    Volatile.Write(ref down, true);
                }

                for (var i = 0; i < PerBatch; i++)
                {
                    var sequence = batch * PerBatch + i;
                    var delivery = producer.ProduceAsync(Topic, SequencedMessages.Create(sequence, DistinctKeys), timeout.Token);
                    deliveries.Add(delivery);
                    _ = delivery.ContinueWith(
                        t =>
                        {
                            if (Volatile.Read(ref down) && t.IsCompletedSuccessfully)
                            {
                                deliveredWhileDown.Add(t.Result.Partition.Value);
                            }
                        },
                        TaskScheduler.Default);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
                if (batch == 4)
                {
                    Volatile.Write(ref down, false);
                    cluster.SetBrokerUp(DownBroker);
                }
            }

            var reports = await Task.WhenAll(deliveries);
            Assert.All(reports, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        }

        // The outage was real and partial: the other brokers' partitions kept accepting, broker 1's had to wait.
        Assert.Contains(deliveredWhileDown, partition => !LedByDownBroker(partition));
        Assert.DoesNotContain(deliveredWhileDown, LedByDownBroker);

        const int Total = Batches * PerBatch;

        var log = PartitionLog.ReadAll(cluster.BootstrapServers, Topic, Partitions, timeout.Token);
        var logged = log.Values.SelectMany(records => records).Select(SequencedMessages.SequenceOf).ToArray();
        Assert.Equal(Enumerable.Range(0, Total), logged.Order());
        foreach (var records in log.Values)
        {
            var sequences = records.Select(SequencedMessages.SequenceOf).ToArray();
            Assert.Equal(sequences.Order(), sequences);
            Assert.All(records, r => SequencedMessages.AssertIntact(r, DistinctKeys));
        }

        await Wait.UntilAsync(() => consumer.Processed.Count >= Total, "the consumer has received everything", timeout.Token);
        await consumer.LeaveAsync(timeout.Token);
        var received = consumer.Processed.ToArray();
        Assert.Equal(Total, received.Length);
        Assert.Equal(
            log.Values.SelectMany(records => records).Select(r => (r.Partition.Value, r.Offset.Value)).Order(),
            received.Order());
    }

    [Fact]
    public async Task Injected_produce_errors_are_retried_by_the_idempotent_producer()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(Topic, 2));
        using var timeout = TestTimeout.Seconds(60);
        ErrorCode[] injected =
        [
            ErrorCode.NotLeaderForPartition,
            ErrorCode.RequestTimedOut,
            ErrorCode.NotLeaderForPartition,
            ErrorCode.RequestTimedOut,
        ];
        cluster.PushRequestErrors(KafkaApiKey.Produce, injected);
        cluster.StartRequestTracking();

        await ProduceAndVerifyAsync(cluster, count: 200, timeout.Token);

        // Each injected error failed one Produce request, and the client sent the batch again.
        var produceRequests = cluster.CountTrackedRequests(KafkaApiKey.Produce);
        Assert.True(produceRequests > injected.Length, $"{produceRequests} Produce requests for {injected.Length} injected errors");
    }

    [Fact]
    public async Task A_slow_broker_error_is_retried_and_consumed()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec(Topic, 2));
        using var timeout = TestTimeout.Seconds(60);
        cluster.PushBrokerRequestError(1, KafkaApiKey.Produce, ErrorCode.RequestTimedOut, TimeSpan.FromMilliseconds(300));
        cluster.PushBrokerRequestError(1, KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition);
        Assert.Equal(2, cluster.GetBrokerRequestErrorCount(1, KafkaApiKey.Produce));
        cluster.StartRequestTracking();

        await ProduceAndVerifyAsync(cluster, count: 200, timeout.Token);

        Assert.Equal(0, cluster.GetBrokerRequestErrorCount(1, KafkaApiKey.Produce));
        Assert.True(cluster.CountTrackedRequests(KafkaApiKey.Produce) > 2);
    }

    /// <summary>Produces numbered messages with the designed producer settings (docs/design.md §3.2); asserts all
    /// were delivered and the log holds each exactly once, in order per partition.</summary>
    private static async Task ProduceAndVerifyAsync(MockKafkaCluster cluster, int count, CancellationToken cancellationToken)
    {
        var config = SpecKafkaConfig.Producer(cluster.BootstrapServers);
        // The mock does not check sequence numbers of non-transactional producers: with a second request in flight
        // it would store that one while the first failed, and librdkafka would then take the first as persisted
        // too. A real broker refuses the second (OUT_OF_ORDER_SEQUENCE). One request in flight keeps the test on
        // the client's retries.
        config.MaxInFlight = 1;
        using (var producer = new ProducerBuilder<string, byte[]>(config).Build())
        {
            var reports = await Task.WhenAll(Enumerable.Range(0, count).Select(sequence =>
                producer.ProduceAsync(Topic, SequencedMessages.Create(sequence, DistinctKeys), cancellationToken)));
            Assert.All(reports, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        }

        var log = PartitionLog.ReadAll(cluster.BootstrapServers, Topic, 2, cancellationToken);
        Assert.Equal(Enumerable.Range(0, count), log.Values.SelectMany(r => r).Select(SequencedMessages.SequenceOf).Order());
        Assert.All(log.Values, records =>
        {
            var sequences = records.Select(SequencedMessages.SequenceOf).ToArray();
            Assert.Equal(sequences.Order(), sequences);
        });
    }

    private static bool LedByDownBroker(int partition) => partition % 3 == 0;
}
