namespace Kafka.MockCluster.Tests.Support;

/// <summary>A rebalance callback: its kind and the partitions it named, as "0,2" (comparable by value).</summary>
internal sealed record RebalanceEvent(string Kind, string Partitions)
{
    public static RebalanceEvent Of(string kind, IEnumerable<int> partitions) => new(kind, string.Join(',', partitions.Order()));

    public bool IsEmpty => Partitions.Length == 0;
}
