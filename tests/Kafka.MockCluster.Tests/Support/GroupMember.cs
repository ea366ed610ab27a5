using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>
/// One consumer-group member polling on its own thread, with manual <c>StoreOffset</c> + <c>Commit</c>, recording
/// every rebalance callback and every processed offset.
/// </summary>
internal sealed class GroupMember : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly string _topic;
    private readonly Func<ConsumeResult<string?, byte[]>, Handling> _handling;
    private readonly ConcurrentDictionary<int, byte> _assignment = new();
    private readonly CancellationTokenSource _leave = new();
    private Task _loop = Task.CompletedTask;
    private bool _started;

    public GroupMember(ConsumerConfig config, string topic, Func<ConsumeResult<string?, byte[]>, Handling> handling)
    {
        _topic = topic;
        _handling = handling;
        _consumer = new ConsumerBuilder<string?, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => Record("assigned", partitions, added: true))
            .SetPartitionsRevokedHandler((_, partitions) => Record("revoked", partitions.Select(p => p.TopicPartition), added: false))
            .SetPartitionsLostHandler((_, partitions) => Record("lost", partitions.Select(p => p.TopicPartition), added: false))
            .Build();
    }

    public ConcurrentQueue<RebalanceEvent> Events { get; } = new();

    /// <summary>(partition, offset) of every processed message, in processing order.</summary>
    public ConcurrentQueue<(int Partition, long Offset)> Processed { get; } = new();

    /// <summary>Committed offset (next to read) per partition, as last committed by this member.</summary>
    public ConcurrentDictionary<int, long> Committed { get; } = new();

    public IReadOnlyCollection<int> Assignment => [.. _assignment.Keys.Order()];

    public void Start(CancellationToken testTimeout)
    {
        _started = true;
        _loop = Task.Factory.StartNew(
            () => Run(testTimeout), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Stops polling and leaves the group (Close), waiting for the poll thread.</summary>
    public async Task LeaveAsync(CancellationToken testTimeout)
    {
        await _leave.CancelAsync();
        await _loop.WaitAsync(testTimeout);
    }

    public void Dispose()
    {
        _leave.Cancel();
        if (_started)
        {
            // The poll thread closes and disposes the consumer; a failure there is the test's business, not ours.
            _loop.ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(30));
        }
        else
        {
            _consumer.Dispose();
        }

        _leave.Dispose();
    }

    private void Run(CancellationToken testTimeout)
    {
        try
        {
            _consumer.Subscribe(_topic);
            while (!_leave.IsCancellationRequested)
            {
                testTimeout.ThrowIfCancellationRequested();
                var result = _consumer.Consume(PollInterval);
                if (result is null)
                {
                    continue;
                }

                var handling = _handling(result);
                if (handling == Handling.Skip)
                {
                    continue;
                }

                Processed.Enqueue((result.Partition.Value, result.Offset.Value));
                if (handling == Handling.ProcessAndCommit)
                {
                    _consumer.StoreOffset(result);
                    // The result also lists assigned partitions with nothing new to commit, as Offset.Unset.
                    foreach (var committed in _consumer.Commit().Where(c => c.Offset.Value >= 0))
                    {
                        Committed[committed.Partition.Value] = committed.Offset.Value;
                    }
                }
            }

            _consumer.Close();
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    private void Record(string kind, IEnumerable<TopicPartition> partitions, bool added)
    {
        var ids = partitions.Select(p => p.Partition.Value).Order().ToArray();
        foreach (var id in ids)
        {
            if (added)
            {
                _assignment[id] = 0;
            }
            else
            {
                _assignment.TryRemove(id, out _);
            }
        }

        Events.Enqueue(RebalanceEvent.Of(kind, ids));
    }
}
