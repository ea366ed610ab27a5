using System.Runtime.InteropServices;

namespace Kafka.MockCluster.Native;

/// <summary>
/// Owns an <c>rd_kafka_mock_cluster_t</c> and keeps the <c>rd_kafka_t</c> it was created from alive: the
/// cluster must be destroyed before that client, which the reference taken here guarantees even when both are
/// released by finalizers.
/// </summary>
internal sealed class MockClusterHandle : SafeHandle
{
    private KafkaClientHandle? _owner;

    public MockClusterHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    public static MockClusterHandle Create(KafkaClientHandle owner, int brokerCount)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var cluster = new MockClusterHandle();
        var ownerReferenced = false;
        try
        {
            owner.DangerousAddRef(ref ownerReferenced);
            var raw = LibrdkafkaNative.MockClusterNew(owner, brokerCount);
            if (raw == nint.Zero)
            {
                throw new InvalidOperationException(
                    $"rd_kafka_mock_cluster_new could not create {brokerCount} broker(s) (no loopback listener?).");
            }

            cluster._owner = owner;
            cluster.SetHandle(raw);
            return cluster;
        }
        catch
        {
            if (ownerReferenced)
            {
                owner.DangerousRelease();
            }

            cluster.Dispose();
            throw;
        }
    }

    protected override bool ReleaseHandle()
    {
        LibrdkafkaNative.MockClusterDestroy(handle);
        _owner?.DangerousRelease();
        _owner = null;
        return true;
    }
}
