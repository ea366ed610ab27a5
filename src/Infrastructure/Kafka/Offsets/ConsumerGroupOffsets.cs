using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>
/// The recorder group's committed offsets on the recorder's topic: shown next to each partition's end and lag, and
/// moved to the earliest record, the end, or the first record at or after a moment — never while the group has live
/// members, whose own commits would overwrite the reset (or, moving forward, whose in-flight work would be skipped).
/// </summary>
/// <remarks>
/// Reading needs no admin API: committed offsets come from an assign-only reader of the group (OffsetFetch), ends from
/// watermarks. Membership comes from DescribeConsumerGroups; the reset itself is AlterConsumerGroupOffsets, an
/// OffsetCommit with generation −1 that Kafka accepts only while the group has no members. Where the cluster does not
/// describe groups and refuses that commit (librdkafka's mock cluster does both), the reset commits as the group's
/// only member instead (<see cref="SoleMemberCommit"/>), which proves the group empty by being given every partition.
/// </remarks>
public sealed class ConsumerGroupOffsets(OperatorKafkaClients clients, ConsumerGroupOffsetsOptions options, KafkaConsumerOptions recorder)
{
    public string Topic => recorder.Topic;

    public string Group => recorder.GroupId;

    /// <exception cref="InvalidOperationException">The topic does not exist, or the cluster did not answer.</exception>
    public Task<(IReadOnlyList<PartitionOffsets> Partitions, GroupMembership Membership)> ShowAsync(CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            using var admin = clients.CreateAdmin(options.ClientId);
            using var reader = clients.CreateReader(options.ClientId, recorder.GroupId);
            IReadOnlyList<PartitionOffsets> partitions = Read(admin, reader);
            var membership = await DescribeAsync(admin);
            reader.Close();
            return (partitions, membership);
        }, cancellationToken);

    public Task<OffsetResetResult> ResetAsync(OffsetResetTarget target, bool dryRun, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            ArgumentNullException.ThrowIfNull(target);
            using var admin = clients.CreateAdmin(options.ClientId);
            using var reader = clients.CreateReader(options.ClientId, recorder.GroupId);
            var partitions = Read(admin, reader);
            var targets = target.Kind switch
            {
                OffsetResetKind.Earliest => partitions.ToDictionary(p => p.Partition, p => p.Low),
                OffsetResetKind.Latest => partitions.ToDictionary(p => p.Partition, p => p.High),
                _ => TimestampOffsets.Resolve(reader, recorder.Topic, partitions, target.Moment!.Value, options.RequestTimeout, cancellationToken),
            };
            reader.Close();

            var membership = await DescribeAsync(admin);
            OffsetResetResult Result(OffsetResetOutcome outcome, string detail) => new(partitions, targets, membership, outcome, detail);
            if (membership.HasLiveMembers)
            {
                return Result(OffsetResetOutcome.Refused, "the group has live members; stop every recorder instance first");
            }

            if (dryRun)
            {
                return Result(OffsetResetOutcome.DryRun, membership.IsKnown
                    ? "nothing written"
                    : "nothing written; the reset itself refuses while the group has live members");
            }

            var offsets = targets.Select(t => new TopicPartitionOffset(recorder.Topic, t.Key, t.Value)).ToList();
            var refusal = await AlterAsync(admin, offsets);
            if (refusal is null)
            {
                return Result(OffsetResetOutcome.Reset, "committed with AlterConsumerGroupOffsets");
            }

            if (membership.IsKnown)
            {
                // Empty when described, refused when written: a member joined in between.
                return Result(OffsetResetOutcome.Refused, $"the cluster refused the commit ({refusal}): a member joined meanwhile");
            }

            var sole = new SoleMemberCommit(MemberConfig(), recorder.Topic, partitions.Count, options.JoinTimeout);
            return sole.TryCommit(offsets, cancellationToken, out var detail)
                ? Result(OffsetResetOutcome.Reset, detail)
                : Result(OffsetResetOutcome.Refused, detail);
        }, cancellationToken);

    private List<PartitionOffsets> Read(IAdminClient admin, IConsumer<byte[], byte[]> reader)
    {
        var ids = OperatorKafkaClients.Partitions(admin, recorder.Topic, options.RequestTimeout)
            ?? throw new InvalidOperationException($"topic {recorder.Topic} does not exist");
        var committed = reader.Committed(ids.Select(p => new TopicPartition(recorder.Topic, p)), options.RequestTimeout)
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value >= 0 ? c.Offset.Value : (long?)null);
        return [.. ids.Select(p =>
        {
            var watermarks = reader.QueryWatermarkOffsets(new TopicPartition(recorder.Topic, p), options.RequestTimeout);
            return new PartitionOffsets(p, watermarks.Low.Value, watermarks.High.Value, committed.GetValueOrDefault(p));
        })];
    }

    private async Task<GroupMembership> DescribeAsync(IAdminClient admin)
    {
        try
        {
            var result = await admin.DescribeConsumerGroupsAsync([recorder.GroupId],
                new DescribeConsumerGroupsOptions { RequestTimeout = options.RequestTimeout });
            var group = result.ConsumerGroupDescriptions.Single();
            return GroupMembership.Known(group.State.ToString(), [.. group.Members.Select(m => $"{m.ClientId}@{m.Host}")]);
        }
        catch (DescribeConsumerGroupsException ex) when (ex.Results.ConsumerGroupDescriptions.All(d => IsUnsupported(d.Error.Code)))
        {
            return GroupMembership.Unknown("the cluster does not serve DescribeConsumerGroups");
        }
        catch (KafkaException ex) when (IsUnsupported(ex.Error.Code))
        {
            return GroupMembership.Unknown("the cluster does not serve DescribeConsumerGroups");
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException($"describing group {recorder.GroupId} failed: {ex.Error.Code} {ex.Error.Reason}", ex);
        }
    }

    /// <summary>Null when committed; otherwise why the cluster refused.</summary>
    private async Task<string?> AlterAsync(IAdminClient admin, List<TopicPartitionOffset> offsets)
    {
        try
        {
            await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(recorder.GroupId, offsets)],
                new AlterConsumerGroupOffsetsOptions { RequestTimeout = options.RequestTimeout });
            return null;
        }
        catch (AlterConsumerGroupOffsetsException ex)
        {
            var errors = ex.Results.SelectMany(r => r.Partitions.Select(p => p.Error).Prepend(r.Error)).Where(e => e.IsError).ToList();
            if (errors.Count > 0 && errors.All(e => IsGroupInUse(e.Code)))
            {
                return string.Join(", ", errors.Select(e => e.Code).Distinct());
            }

            throw new InvalidOperationException($"committing the reset failed: {string.Join("; ", errors.Select(e => $"{e.Code} {e.Reason}").Distinct())}", ex);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException($"committing the reset failed: {ex.Error.Code} {ex.Error.Reason}", ex);
        }
    }

    private ConsumerConfig MemberConfig() => new(recorder.AdditionalSettings.ToDictionary())
    {
        BootstrapServers = recorder.BootstrapServers,
        GroupId = recorder.GroupId,
        ClientId = options.ClientId,
        // The recorder's assignor: a member with another one could not join a group of live recorders on Kafka.
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Latest,
        SessionTimeoutMs = recorder.SessionTimeoutMs,
        HeartbeatIntervalMs = recorder.HeartbeatIntervalMs,
        MaxPollIntervalMs = recorder.MaxPollIntervalMs,
    };

    private static bool IsUnsupported(ErrorCode code) => code is ErrorCode.Local_UnsupportedFeature or ErrorCode.UnsupportedVersion;

    /// <summary>How Kafka refuses a generation −1 commit to a group with members (and how the mock refuses any for a used group).</summary>
    private static bool IsGroupInUse(ErrorCode code) =>
        code is ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration or ErrorCode.RebalanceInProgress or ErrorCode.NotCoordinatorForGroup
            or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.StaleMemberEpoch;
}
