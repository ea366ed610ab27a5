using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>
/// Commits a group's offsets as a member of the group, and only as its only member. Used where the cluster can neither
/// describe groups nor take a commit from outside the group (librdkafka's mock cluster refuses a generation −1 commit
/// for any group that has ever had members, empty or not).
/// </summary>
/// <remarks>
/// It joins with the recorder's assignor (cooperative-sticky), so it can share a group with live recorders, and pauses
/// every partition it is given so it fetches nothing. Being given every partition proves no other member is live; then
/// it commits with its own generation and leaves. Given fewer within the join timeout, it leaves without committing:
/// the recorders it briefly took partitions from get them back, having committed their finished work on revoke.
/// </remarks>
internal sealed class SoleMemberCommit(ConsumerConfig config, string topic, int partitionCount, TimeSpan joinTimeout)
{
    /// <summary>True once committed; false (with what it held) when other members kept partitions.</summary>
    public bool TryCommit(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken, out string detail)
    {
        var assigned = new HashSet<int>();
        using var member = new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((_, added) => assigned.UnionWith(added.Select(p => p.Partition.Value)))
            .SetPartitionsRevokedHandler((_, removed) => assigned.ExceptWith(removed.Select(p => p.Partition.Value)))
            .SetPartitionsLostHandler((_, lost) => assigned.ExceptWith(lost.Select(p => p.Partition.Value)))
            .SetLogHandler((_, _) => { })
            .Build();
        member.Subscribe(topic);
        var deadline = DateTime.UtcNow + joinTimeout;
        string? lastError = null;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    member.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex)
                {
                    lastError = ex.Error.Reason;
                }

                member.Pause(member.Assignment);
                if (assigned.Count < partitionCount)
                {
                    continue;
                }

                try
                {
                    member.Commit(offsets);
                    detail = "committed as the group's only member (the cluster describes no groups)";
                    return true;
                }
                catch (KafkaException ex)
                {
                    // A member joining at this moment starts a rebalance: the commit is refused, the loop looks again.
                    lastError = $"{ex.Error.Code} {ex.Error.Reason}";
                }
            }
        }
        finally
        {
            member.Close();
        }

        detail = $"joined the group for {joinTimeout.TotalSeconds:0.#} s and was given {assigned.Count} of {partitionCount} partitions: " +
            "other members are live" + (lastError is null ? string.Empty : $" (last error: {lastError})");
        return false;
    }
}
