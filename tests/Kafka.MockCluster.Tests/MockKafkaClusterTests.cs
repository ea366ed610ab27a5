using System.Net;
using Confluent.Kafka;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class MockKafkaClusterTests
{
    [Fact]
    public async Task Start_serves_metadata_for_every_broker_and_topic()
    {
        await using var cluster = MockKafkaCluster.Start(3, new TopicSpec("orders", 6, 3), new TopicSpec("audit", 2));

        var metadata = GetMetadata(cluster.BootstrapServers);

        Assert.Equal([1, 2, 3], cluster.BrokerIds);
        Assert.Equal(
            cluster.BrokerEndPoints.OrderBy(b => b.Key).Select(b => $"{b.Key}@{b.Value}"),
            metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.BrokerId}@{b.Host}:{b.Port}"));
        Assert.Equal(string.Join(',', cluster.BrokerEndPoints.OrderBy(b => b.Key).Select(b => b.Value)), cluster.BootstrapServers);
        var orders = metadata.Topics.Single(t => t.Topic == "orders");
        Assert.Equal(6, orders.Partitions.Count);
        Assert.All(orders.Partitions, p => Assert.Equal(3, p.Replicas.Length));
        Assert.Equal(2, metadata.Topics.Single(t => t.Topic == "audit").Partitions.Count);
    }

    [Fact]
    public async Task CreateTopic_adds_a_topic_and_refuses_an_existing_one()
    {
        await using var cluster = MockKafkaCluster.Start(1);

        cluster.CreateTopic("late", 5);

        Assert.Equal(5, GetMetadata(cluster.BootstrapServers).Topics.Single(t => t.Topic == "late").Partitions.Count);
        var refused = Assert.Throws<KafkaException>(() => cluster.CreateTopic("late", 5));
        Assert.Equal(ErrorCode.TopicAlreadyExists, refused.Error.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.CreateTopic("too-many-replicas", 1, replicationFactor: 2));
    }

    [Fact]
    public async Task SetPartitionLeader_moves_leadership_in_metadata()
    {
        await using var cluster = MockKafkaCluster.Start(3, new TopicSpec("moving", 3, 3));

        cluster.SetPartitionLeader("moving", 0, 3);
        cluster.SetPartitionLeader("moving", 1, 3);
        cluster.SetPartitionLeader("moving", 2, 2);

        var partitions = GetMetadata(cluster.BootstrapServers).Topics.Single(t => t.Topic == "moving").Partitions;
        Assert.Equal([3, 3, 2], partitions.OrderBy(p => p.PartitionId).Select(p => p.Leader));
        Assert.Throws<KafkaException>(() => cluster.SetPartitionLeader("moving", 7, 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_broker_set_down_refuses_clients_until_set_up(bool forwarded)
    {
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            ForwarderFirstPort = forwarded ? 0 : null,
            Topics = [new TopicSpec("t", 1)],
        });

        cluster.SetBrokerDown(1);
        Assert.ThrowsAny<KafkaException>(() => GetMetadata(cluster.BootstrapServers, TimeSpan.FromSeconds(2)));

        cluster.SetBrokerUp(1);
        Assert.Single(GetMetadata(cluster.BootstrapServers).Brokers);
    }

    [Fact]
    public async Task Request_tracking_counts_requests_per_api_key_and_broker()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec("tracked", 1));
        using var timeout = TestTimeout.Seconds(30);
        cluster.StartRequestTracking();

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("tracked", new Message<Null, string> { Value = "one" }, timeout.Token);
            await producer.ProduceAsync("tracked", new Message<Null, string> { Value = "two" }, timeout.Token);
        }

        var counts = cluster.CountTrackedRequests();
        Assert.Equal(2, counts[KafkaApiKey.Produce]);
        Assert.Equal(2, cluster.CountTrackedRequests(KafkaApiKey.Produce));
        Assert.True(counts[KafkaApiKey.ApiVersions] >= 1);
        Assert.True(counts[KafkaApiKey.Metadata] >= 1);
        var requests = cluster.GetTrackedRequests();
        Assert.All(requests, r => Assert.Equal(1, r.BrokerId));
        Assert.Equal(requests.OrderBy(r => r.TimestampMicroseconds), requests);

        cluster.ClearTrackedRequests();
        Assert.Empty(cluster.GetTrackedRequests());
        cluster.StopRequestTracking();
        Assert.Empty(cluster.GetTrackedRequests());
    }

    [Fact]
    public async Task Broker_rtt_delays_every_response()
    {
        await using var cluster = MockKafkaCluster.Start(1, new TopicSpec("slow", 1));
        using var timeout = TestTimeout.Seconds(30);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 0,
        }).Build();
        await producer.ProduceAsync("slow", new Message<Null, string> { Value = "warm-up" }, timeout.Token);

        var rtt = TimeSpan.FromMilliseconds(400);
        cluster.SetBrokerRtt(1, rtt);
        var started = TimeProvider.System.GetTimestamp();
        await producer.ProduceAsync("slow", new Message<Null, string> { Value = "delayed" }, timeout.Token);

        // A lower bound only: the response cannot arrive before the injected delay.
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= rtt * 0.95);
    }

    [Fact]
    public async Task Fixed_forwarder_ports_are_the_advertised_broker_addresses()
    {
        var firstPort = FreePorts.FindConsecutive(2);
        await using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Brokers = 2,
            ForwarderFirstPort = firstPort,
            Topics = [new TopicSpec("fixed", 2, 2)],
        });
        using var timeout = TestTimeout.Seconds(30);

        Assert.Equal($"127.0.0.1:{firstPort},127.0.0.1:{firstPort + 1}", cluster.BootstrapServers);
        Assert.Equal(
            [firstPort, firstPort + 1],
            GetMetadata(cluster.BootstrapServers).Brokers.OrderBy(b => b.BrokerId).Select(b => b.Port));

        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        foreach (var partition in new[] { 0, 1 })
        {
            var report = await producer.ProduceAsync(
                new TopicPartition("fixed", partition), new Message<Null, string> { Value = $"via forwarder {partition}" }, timeout.Token);
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        var log = PartitionLog.ReadAll(cluster.BootstrapServers, "fixed", 2, timeout.Token);
        Assert.Equal(["via forwarder 0", "via forwarder 1"], log.OrderBy(p => p.Key).Select(p => System.Text.Encoding.UTF8.GetString(Assert.Single(p.Value).Message.Value)));
    }

    [Fact]
    public async Task A_taken_fixed_port_fails_start_and_leaves_the_holder_serving()
    {
        var firstPort = FreePorts.FindConsecutive(1);
        await using var holder = MockKafkaCluster.Start(new MockKafkaClusterOptions { ForwarderFirstPort = firstPort });

        Assert.ThrowsAny<System.Net.Sockets.SocketException>(
            () => MockKafkaCluster.Start(new MockKafkaClusterOptions { ForwarderFirstPort = firstPort }));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, firstPort), holder.BrokerEndPoints[1]);
        Assert.Equal(firstPort, Assert.Single(GetMetadata(holder.BootstrapServers).Brokers).Port);
    }

    [Fact]
    public async Task Clusters_started_in_parallel_are_independent()
    {
        using var timeout = TestTimeout.Seconds(60);
        var clusters = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => MockKafkaCluster.Start(1, new TopicSpec("shared-name", 1)), timeout.Token)));
        try
        {
            await Task.WhenAll(clusters.Select((cluster, i) => Task.Run(async () =>
            {
                using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
                await producer.ProduceAsync("shared-name", new Message<Null, string> { Value = $"cluster {i}" }, timeout.Token);
            }, timeout.Token)));

            Assert.Equal(4, clusters.Select(c => c.BootstrapServers).Distinct().Count());
            for (var i = 0; i < clusters.Length; i++)
            {
                var only = Assert.Single(PartitionLog.ReadAll(clusters[i].BootstrapServers, "shared-name", 1, timeout.Token)[0]);
                Assert.Equal($"cluster {i}", System.Text.Encoding.UTF8.GetString(only.Message.Value));
            }
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_disposed_cluster_refuses_further_control_calls()
    {
        var cluster = MockKafkaCluster.Start(1);
        await cluster.DisposeAsync();
        await cluster.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => cluster.SetBrokerDown(1));
    }

    private static Metadata GetMetadata(string bootstrapServers, TimeSpan? timeout = null)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(timeout ?? TimeSpan.FromSeconds(10));
    }
}
