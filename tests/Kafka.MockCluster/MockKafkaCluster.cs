using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Kafka.MockCluster.Forwarding;
using Kafka.MockCluster.Native;

namespace Kafka.MockCluster;

/// <summary>
/// An in-process Kafka cluster served by librdkafka's mock cluster (<c>rdkafka_mock.h</c>), for tests and demos.
/// Any Kafka client can connect to <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// Each instance is independent (own brokers, ports, topics and groups), so parallel tests each start their own.
/// The mock has no admin APIs (CreateTopics, DescribeConfigs): create topics here. It does not enforce
/// <c>max.message.bytes</c> and writes no transaction markers. It checks producer sequence numbers only for
/// transactional producers, so it cannot deduplicate an idempotent producer's re-sent batch: fail brokers while
/// no Produce request is in flight (see README). Dispose clients before the cluster, otherwise their close (e.g.
/// leaving a consumer group) waits for brokers that are gone.
/// </remarks>
public sealed class MockKafkaCluster : IAsyncDisposable
{
    private readonly KafkaClientHandle _owner;
    private readonly MockClusterHandle _cluster;
    private readonly IReadOnlyList<TcpForwarder> _forwarders;
    private int _disposed;

    private MockKafkaCluster(
        KafkaClientHandle owner,
        MockClusterHandle cluster,
        IReadOnlyList<TcpForwarder> forwarders,
        IReadOnlyDictionary<int, IPEndPoint> brokerEndPoints)
    {
        _owner = owner;
        _cluster = cluster;
        _forwarders = forwarders;
        BrokerEndPoints = brokerEndPoints;
        BrokerIds = [.. brokerEndPoints.Keys.Order()];
        BootstrapServers = string.Join(',', brokerEndPoints.OrderBy(b => b.Key).Select(b => b.Value.ToString()));
    }

    /// <summary>Comma-separated <c>host:port</c> list for the clients' <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Address clients use for each broker id (the forwarder's when forwarding).</summary>
    public IReadOnlyDictionary<int, IPEndPoint> BrokerEndPoints { get; }

    /// <summary>Broker ids, 1 to the broker count.</summary>
    public IReadOnlyList<int> BrokerIds { get; }

    /// <summary>The librdkafka version serving the cluster, e.g. <c>2.16.0</c>.</summary>
    public static string NativeVersion => Marshal.PtrToStringUTF8(LibrdkafkaNative.VersionString()) ?? string.Empty;

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers with the given topics.</summary>
    public static MockKafkaCluster Start(int brokers, params TopicSpec[] topics) =>
        Start(new MockKafkaClusterOptions { Brokers = brokers, Topics = topics });

    /// <summary>Starts a cluster as described by <paramref name="options"/>.</summary>
    /// <exception cref="KafkaException">A topic could not be created.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A forwarder port is taken.</exception>
    public static MockKafkaCluster Start(MockKafkaClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Brokers, 1);
        if (options.ForwarderFirstPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ForwarderFirstPort must be a TCP port or 0.");
        }

        var forwarderAddress = IPAddress.Parse(options.ForwarderHost);
        var owner = KafkaClientHandle.CreateProducer(OwnerClientProperties());
        MockClusterHandle? cluster = null;
        var forwarders = new List<TcpForwarder>();
        try
        {
            cluster = MockClusterHandle.Create(owner, options.Brokers);
            var endPoints = ParseBootstraps(Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster)));

            if (options.ForwarderFirstPort is { } firstPort)
            {
                foreach (var (brokerId, brokerEndPoint) in endPoints.ToArray())
                {
                    var port = firstPort == 0 ? 0 : firstPort + brokerId - 1;
                    var forwarder = TcpForwarder.Start(new IPEndPoint(forwarderAddress, port), brokerEndPoint);
                    forwarders.Add(forwarder);
                    // Metadata responses then name the forwarder, so clients never see the ephemeral port.
                    LibrdkafkaNative.MockBrokerSetHostPort(
                        cluster, brokerId, options.ForwarderHost, forwarder.LocalEndPoint.Port);
                    endPoints[brokerId] = forwarder.LocalEndPoint;
                }
            }

            var started = new MockKafkaCluster(owner, cluster, forwarders, endPoints);
            if (options.GroupInitialRebalanceDelay is { } delay)
            {
                started.SetGroupInitialRebalanceDelay(delay);
            }

            foreach (var topic in options.Topics)
            {
                started.CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
            }

            return started;
        }
        catch
        {
            foreach (var forwarder in forwarders)
            {
                forwarder.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            cluster?.Dispose();
            owner.Dispose();
            throw;
        }
    }

    /// <summary>Creates a topic (the mock has no CreateTopics API). With several replicas, each partition's
    /// leader is picked at random among them: use <see cref="SetPartitionLeader"/> where a test needs to know.</summary>
    /// <param name="name">Topic name.</param>
    /// <param name="partitions">Partition count.</param>
    /// <param name="replicationFactor">Replicas per partition, at most the broker count.</param>
    /// <exception cref="KafkaException"><see cref="ErrorCode.TopicAlreadyExists"/>.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        // The mock would silently cap it; Kafka refuses such a topic.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerIds.Count);
        Check(LibrdkafkaNative.MockTopicCreate(_cluster, name, partitions, replicationFactor), $"create topic {name}");
    }

    /// <summary>Reports <paramref name="error"/> for <paramref name="topic"/> in Metadata (and AddPartitionsToTxn)
    /// responses; <see cref="ErrorCode.NoError"/> clears it.</summary>
    public void SetTopicError(string topic, ErrorCode error) =>
        LibrdkafkaNative.MockTopicSetError(_cluster, topic, (int)error);

    /// <summary>Disconnects the broker and refuses new connections; partition leadership does not move.
    /// <paramref name="brokerId"/> -1 means all brokers.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(LibrdkafkaNative.MockBrokerSetDown(_cluster, brokerId), $"set broker {brokerId} down");

    /// <summary>Lets the broker accept connections again (-1: all brokers).</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(LibrdkafkaNative.MockBrokerSetUp(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Delays every response of the broker by <paramref name="rtt"/>.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(LibrdkafkaNative.MockBrokerSetRtt(_cluster, brokerId, ToMilliseconds(rtt)), $"set broker {brokerId} rtt");

    /// <summary>Sets the rack the broker reports in Metadata.</summary>
    public void SetBrokerRack(int brokerId, string rack) =>
        Check(LibrdkafkaNative.MockBrokerSetRack(_cluster, brokerId, rack), $"set broker {brokerId} rack");

    /// <summary>Makes <paramref name="brokerId"/> the leader (-1: no leader) of a partition; creates the topic if
    /// it does not exist.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetLeader(_cluster, topic, partition, brokerId),
            $"set leader of {topic} [{partition}]");

    /// <summary>Sets the follower that consumers with a matching rack are sent to.</summary>
    public void SetPartitionFollower(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetFollower(_cluster, topic, partition, brokerId),
            $"set follower of {topic} [{partition}]");

    /// <summary>Sets the watermarks the follower reports (-1 keeps the leader's).</summary>
    public void SetPartitionFollowerWatermarks(string topic, int partition, long low, long high) =>
        Check(LibrdkafkaNative.MockPartitionSetFollowerWatermarks(_cluster, topic, partition, low, high),
            $"set follower watermarks of {topic} [{partition}]");

    /// <summary>Queues a leader/epoch to return in the next Produce or Fetch response naming a new leader.</summary>
    public void PushPartitionLeaderResponse(string topic, int partition, int leaderId, int leaderEpoch) =>
        Check(LibrdkafkaNative.MockPartitionPushLeaderResponse(_cluster, topic, partition, leaderId, leaderEpoch),
            $"push leader response for {topic} [{partition}]");

    /// <summary>Makes <paramref name="brokerId"/> the coordinator of a consumer group.</summary>
    public void SetGroupCoordinator(string groupId, int brokerId) =>
        Check(LibrdkafkaNative.MockCoordinatorSet(_cluster, "group", groupId, brokerId), $"set coordinator of {groupId}");

    /// <summary>Makes <paramref name="brokerId"/> the coordinator of a transactional id.</summary>
    public void SetTransactionCoordinator(string transactionalId, int brokerId) =>
        Check(LibrdkafkaNative.MockCoordinatorSet(_cluster, "transaction", transactionalId, brokerId),
            $"set coordinator of {transactionalId}");

    /// <summary>Limits the versions of a request type the brokers advertise (-1, -1 disables it).</summary>
    public void SetApiVersion(KafkaApiKey apiKey, short minVersion, short maxVersion) =>
        Check(LibrdkafkaNative.MockSetApiVersion(_cluster, (short)apiKey, minVersion, maxVersion),
            $"set versions of {apiKey}");

    /// <summary>The brokers' <c>group.initial.rebalance.delay.ms</c>.</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        LibrdkafkaNative.MockGroupInitialRebalanceDelay(_cluster, ToMilliseconds(delay));

    /// <summary><c>group.consumer.session.timeout.ms</c> for KIP-848 (consumer protocol) groups.</summary>
    public void SetGroupConsumerSessionTimeout(TimeSpan timeout) =>
        LibrdkafkaNative.MockSetGroupConsumerSessionTimeout(_cluster, ToMilliseconds(timeout));

    /// <summary><c>group.consumer.heartbeat.interval.ms</c> for KIP-848 (consumer protocol) groups.</summary>
    public void SetGroupConsumerHeartbeatInterval(TimeSpan interval) =>
        LibrdkafkaNative.MockSetGroupConsumerHeartbeatInterval(_cluster, ToMilliseconds(interval));

    /// <summary>
    /// The next <paramref name="errors"/>.Length requests of type <paramref name="apiKey"/>, on any broker, fail
    /// with these errors in order. <see cref="ErrorCode.Local_Transport"/> makes the broker disconnect instead.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors) =>
        PushRequestErrors((short)apiKey, errors);

    /// <inheritdoc cref="PushRequestErrors(KafkaApiKey, ErrorCode[])"/>
    public unsafe void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, e => (int)e);
        fixed (int* first = codes)
        {
            LibrdkafkaNative.MockPushRequestErrorsArray(_cluster, apiKey, (nuint)codes.Length, first);
        }
    }

    /// <summary>Drops the errors still queued by <see cref="PushRequestErrors(KafkaApiKey, ErrorCode[])"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        LibrdkafkaNative.MockClearRequestErrors(_cluster, (short)apiKey);

    /// <summary>
    /// The next request of type <paramref name="apiKey"/> on <paramref name="brokerId"/> is answered after
    /// <paramref name="rtt"/> with <paramref name="error"/> (<see cref="ErrorCode.NoError"/>: a slow success).
    /// Calls queue up in order.
    /// </summary>
    /// <remarks>
    /// Once a broker has had errors pushed for an ApiKey, librdkafka (2.14 and 2.16) consults only that broker's (possibly
    /// empty) stack for it and never the cluster-wide one from <see cref="PushRequestErrors(KafkaApiKey, ErrorCode[])"/>:
    /// do not mix both for the same ApiKey in one cluster.
    /// </remarks>
    public void PushBrokerRequestError(int brokerId, KafkaApiKey apiKey, ErrorCode error, TimeSpan rtt = default)
    {
        if (!OperatingSystem.IsLinux() ||
            RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            throw new PlatformNotSupportedException("Variadic native call is only wired for Linux x64/arm64.");
        }

        Check(
            LibrdkafkaNative.MockBrokerPushOneRequestErrorRtt(
                _cluster, brokerId, (short)apiKey, 1, (int)error, ToMilliseconds(rtt)),
            $"push error on broker {brokerId}");
    }

    /// <summary>How many errors pushed on <paramref name="brokerId"/> for <paramref name="apiKey"/> are still
    /// unused.</summary>
    public int GetBrokerRequestErrorCount(int brokerId, KafkaApiKey apiKey)
    {
        Check(LibrdkafkaNative.MockBrokerErrorStackCount(_cluster, brokerId, (short)apiKey, out var count),
            $"count errors on broker {brokerId}");
        return checked((int)count);
    }

    /// <summary>Starts recording requests; discards anything recorded before.</summary>
    public void StartRequestTracking() => LibrdkafkaNative.MockStartRequestTracking(_cluster);

    /// <summary>Stops recording requests. librdkafka discards the recorded requests too: read them first.</summary>
    public void StopRequestTracking() => LibrdkafkaNative.MockStopRequestTracking(_cluster);

    /// <summary>Discards the recorded requests; tracking stays on if it was on.</summary>
    public void ClearTrackedRequests() => LibrdkafkaNative.MockClearRequests(_cluster);

    /// <summary>The requests recorded since tracking started (or was cleared), oldest first.</summary>
    public unsafe IReadOnlyList<MockRequest> GetTrackedRequests()
    {
        var requests = LibrdkafkaNative.MockGetRequests(_cluster, out var count);
        if (requests == null)
        {
            return [];
        }

        try
        {
            var result = new MockRequest[checked((int)count)];
            for (var i = 0; i < result.Length; i++)
            {
                var request = requests[i];
                result[i] = new MockRequest(
                    LibrdkafkaNative.MockRequestBrokerId(request),
                    (KafkaApiKey)LibrdkafkaNative.MockRequestApiKey(request),
                    LibrdkafkaNative.MockRequestTimestamp(request));
            }

            return result;
        }
        finally
        {
            LibrdkafkaNative.MockRequestDestroyArray(requests, count);
        }
    }

    /// <summary>Recorded requests per type.</summary>
    public IReadOnlyDictionary<KafkaApiKey, int> CountTrackedRequests() =>
        GetTrackedRequests().GroupBy(r => r.ApiKey).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Recorded requests of one type.</summary>
    public int CountTrackedRequests(KafkaApiKey apiKey) => GetTrackedRequests().Count(r => r.ApiKey == apiKey);

    /// <summary>Closes the forwarders, then destroys the mock cluster and the client instance that owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var forwarder in _forwarders)
        {
            await forwarder.DisposeAsync();
        }

        // Destroying joins librdkafka threads; keep that off the caller's thread.
        await Task.Run(() =>
        {
            _cluster.Dispose();
            _owner.Dispose();
        });
    }

    private static Dictionary<int, IPEndPoint> ParseBootstraps(string? bootstraps)
    {
        // librdkafka lists the brokers in id order, 1..N, as "127.0.0.1:port".
        var endPoints = new Dictionary<int, IPEndPoint>();
        var brokerId = 1;
        foreach (var entry in (bootstraps ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            endPoints[brokerId++] = IPEndPoint.Parse(entry);
        }

        return endPoints.Count > 0
            ? endPoints
            : throw new InvalidOperationException($"Unexpected mock bootstrap list '{bootstraps}'.");
    }

    private static IEnumerable<KeyValuePair<string, string>> OwnerClientProperties() =>
    [
        new("client.id", "mock-cluster-owner"),
        // The owner never connects; without brokers librdkafka would only log that at notice level.
        new("log_level", "4"),
    ];

    private static int ToMilliseconds(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        return checked((int)Math.Ceiling(value.TotalMilliseconds));
    }

    private static void Check(int error, string action)
    {
        if (error != 0)
        {
            var code = (ErrorCode)error;
            throw new KafkaException(new Error(code, string.Create(
                CultureInfo.InvariantCulture, $"Mock cluster could not {action}: {code}")));
        }
    }
}
