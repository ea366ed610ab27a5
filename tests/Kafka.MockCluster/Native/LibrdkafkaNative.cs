using System.Runtime.InteropServices;

namespace Kafka.MockCluster.Native;

/// <summary>
/// The librdkafka functions the harness needs, from rdkafka.h and rdkafka_mock.h of librdkafka 2.16.0.
/// </summary>
/// <remarks>
/// <see cref="LibrdkafkaResolver"/> maps <see cref="LibraryName"/> to the build Confluent.Kafka loads, so the
/// process holds a single copy of librdkafka.
/// </remarks>
internal static unsafe partial class LibrdkafkaNative
{
    internal const string LibraryName = "librdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c> from <c>rd_kafka_type_t</c>.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c> from <c>rd_kafka_conf_res_t</c>.</summary>
    internal const int ConfOk = 0;

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_version")]
    internal static partial int Version();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_version_str")]
    internal static partial nint VersionString();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte* errorText, nuint errorTextSize);

    /// <summary>Takes ownership of <paramref name="conf"/> only when it succeeds.</summary>
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte* errorText, nuint errorTextSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint client);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(KafkaClientHandle client, int brokerCount);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(MockClusterHandle cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(MockClusterHandle cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void MockTopicSetError(MockClusterHandle cluster, string topic, int error);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(MockClusterHandle cluster, string topic, int partition, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_set_follower", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetFollower(MockClusterHandle cluster, string topic, int partition, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_set_follower_wmarks", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetFollowerWatermarks(MockClusterHandle cluster, string topic, int partition, long low, long high);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_push_leader_response", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionPushLeaderResponse(MockClusterHandle cluster, string topic, int partition, int leaderId, int leaderEpoch);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(MockClusterHandle cluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(MockClusterHandle cluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_host_port", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void MockBrokerSetHostPort(MockClusterHandle cluster, int brokerId, string host, int port);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int MockBrokerSetRtt(MockClusterHandle cluster, int brokerId, int rttMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rack", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockBrokerSetRack(MockClusterHandle cluster, int brokerId, string rack);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockCoordinatorSet(MockClusterHandle cluster, string keyType, string key, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_apiversion")]
    internal static partial int MockSetApiVersion(MockClusterHandle cluster, short apiKey, short minVersion, short maxVersion);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void MockClearRequestErrors(MockClusterHandle cluster, short apiKey);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(MockClusterHandle cluster, short apiKey, nuint count, int* errors);

    /// <summary>
    /// The C function is variadic: <c>(cluster, broker_id, ApiKey, cnt, ...)</c> followed by <c>cnt</c> pairs of
    /// (<c>rd_kafka_resp_err_t</c>, <c>int</c> rtt in ms). On x86-64 System V and AArch64 Linux, integer variadic
    /// arguments travel exactly like fixed ones, so exactly one pair per call is passed through a fixed signature;
    /// the broker appends each pair to its error stack, so repeated calls build the same stack.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    internal static partial int MockBrokerPushOneRequestErrorRtt(MockClusterHandle cluster, int brokerId, short apiKey, nuint count, int error, int rttMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    internal static partial int MockBrokerErrorStackCount(MockClusterHandle cluster, int brokerId, short apiKey, out nuint count);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelay(MockClusterHandle cluster, int delayMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    internal static partial void MockSetGroupConsumerSessionTimeout(MockClusterHandle cluster, int timeoutMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    internal static partial void MockSetGroupConsumerHeartbeatInterval(MockClusterHandle cluster, int intervalMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    internal static partial void MockStartRequestTracking(MockClusterHandle cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    internal static partial void MockStopRequestTracking(MockClusterHandle cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_clear_requests")]
    internal static partial void MockClearRequests(MockClusterHandle cluster);

    /// <summary>Returns a copied array (NULL when empty) that <see cref="MockRequestDestroyArray"/> frees.</summary>
    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_get_requests")]
    internal static partial nint* MockGetRequests(MockClusterHandle cluster, out nuint count);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    internal static partial void MockRequestDestroyArray(nint* requests, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_id")]
    internal static partial int MockRequestBrokerId(nint request);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_api_key")]
    internal static partial short MockRequestApiKey(nint request);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_timestamp")]
    internal static partial long MockRequestTimestamp(nint request);
}
