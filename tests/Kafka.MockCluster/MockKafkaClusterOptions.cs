namespace Kafka.MockCluster;

/// <summary>How to start a <see cref="MockKafkaCluster"/>.</summary>
public sealed record MockKafkaClusterOptions
{
    /// <summary>Number of brokers; their ids are 1 to <see cref="Brokers"/>.</summary>
    public int Brokers { get; init; } = 1;

    /// <summary>Topics created at start.</summary>
    public IReadOnlyList<TopicSpec> Topics { get; init; } = [];

    /// <summary>
    /// <c>null</c>: clients connect to the brokers' own ephemeral loopback ports. <c>0</c>: each broker is reached
    /// through a TCP forwarder on an ephemeral port. Any other value: broker <c>i</c> is reached through a forwarder
    /// on port <c>ForwarderFirstPort + i - 1</c>, and that is the address the cluster advertises.
    /// </summary>
    public int? ForwarderFirstPort { get; init; }

    /// <summary>Address the forwarders listen on and the cluster advertises (loopback by default).</summary>
    public string ForwarderHost { get; init; } = "127.0.0.1";

    /// <summary>
    /// The brokers' <c>group.initial.rebalance.delay.ms</c>; <c>null</c> keeps the mock's default (3 s, as Kafka).
    /// Tests usually set it to zero so the first member of a group is assigned at once.
    /// </summary>
    public TimeSpan? GroupInitialRebalanceDelay { get; init; }
}
