using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka.Fakes;

/// <summary>
/// In-memory stand-in for a librdkafka consumer in a group: rebalance events queued by the test run inside
/// <see cref="Consume(TimeSpan)"/> (as librdkafka does), paused partitions deliver nothing, and commits, pauses and
/// resumes are recorded.
/// </summary>
internal sealed class FakeKafkaConsumer : IConsumer<byte[], byte[]>, IKafkaConsumerFactory
{
    private readonly Lock _sync = new();
    private readonly Queue<Action> _events = new();
    private readonly Dictionary<TopicPartition, Queue<ConsumeResult<byte[], byte[]>>> _logs = [];
    private readonly List<TopicPartition> _assigned = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly List<IReadOnlyList<TopicPartitionOffset>> _commits = [];
    private readonly List<(bool Paused, TopicPartition Partition)> _pauseHistory = [];
    private readonly SemaphoreSlim _wake = new(0);
    private ConsumerEventHandlers? _handlers;
    private int _nextPartitionIndex;

    public string? SubscribedTopic { get; private set; }

    public bool Closed { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>When set, commits throw this.</summary>
    public KafkaException? CommitFailure { get; set; }

    public IReadOnlyList<IReadOnlyList<TopicPartitionOffset>> Commits
    {
        get
        {
            lock (_sync)
            {
                return [.. _commits];
            }
        }
    }

    public IReadOnlyList<(bool Paused, TopicPartition Partition)> PauseHistory
    {
        get
        {
            lock (_sync)
            {
                return [.. _pauseHistory];
            }
        }
    }

    public string MemberId => "fake-member";

    public List<TopicPartition> Assignment
    {
        get
        {
            lock (_sync)
            {
                return [.. _assigned];
            }
        }
    }

    public List<string> Subscription => SubscribedTopic is null ? [] : [SubscribedTopic];

    public IConsumerGroupMetadata ConsumerGroupMetadata => throw new NotSupportedException();

    public Handle Handle => throw new NotSupportedException();

    public string Name => "fake-consumer";

    IConsumer<byte[], byte[]> IKafkaConsumerFactory.Create(ConsumerEventHandlers handlers)
    {
        _handlers = handlers;
        return this;
    }

    /// <summary>The last committed offset of a partition, or null.</summary>
    public long? LastCommitted(TopicPartition partition)
    {
        lock (_sync)
        {
            return _commits.SelectMany(batch => batch)
                .Where(item => item.TopicPartition == partition)
                .Select(item => (long?)item.Offset.Value)
                .LastOrDefault();
        }
    }

    public bool IsPaused(TopicPartition partition)
    {
        lock (_sync)
        {
            return _paused.Contains(partition);
        }
    }

    public void Append(TopicPartition partition, long offset, int valueBytes = 16)
    {
        var result = new ConsumeResult<byte[], byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset(partition, offset),
            Message = new Message<byte[], byte[]>
            {
                Key = [1, 2, 3, 4],
                Value = new byte[valueBytes],
                Headers = [],
                Timestamp = new Timestamp(DateTime.UnixEpoch, TimestampType.CreateTime),
            },
        };
        lock (_sync)
        {
            if (!_logs.TryGetValue(partition, out var log))
            {
                _logs[partition] = log = new Queue<ConsumeResult<byte[], byte[]>>();
            }

            log.Enqueue(result);
        }

        _wake.Release();
    }

    public void AssignLater(params TopicPartition[] partitions) => Enqueue(() =>
    {
        var toAssign = _handlers!.PartitionsAssigned(this, [.. partitions]).Select(p => p.TopicPartition).ToList();
        lock (_sync)
        {
            _assigned.AddRange(toAssign);
        }
    });

    public void RevokeLater(params TopicPartition[] partitions) => Enqueue(() =>
    {
        _handlers!.PartitionsRevoked(this, [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset))]);
        Unassign(partitions);
    });

    public void LoseLater(params TopicPartition[] partitions) => Enqueue(() =>
    {
        _handlers!.PartitionsLost(this, [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset))]);
        Unassign(partitions);
    });

    public void StatisticsLater(string json) => Enqueue(() => _handlers!.Statistics(this, json));

    public void ErrorLater(Error error) => Enqueue(() => _handlers!.Error(this, error));

    public ConsumeResult<byte[], byte[]> Consume(TimeSpan timeout)
    {
        Action? pending = null;
        lock (_sync)
        {
            if (_events.Count > 0)
            {
                pending = _events.Dequeue();
            }
        }

        if (pending is not null)
        {
            pending();
            return null!;
        }

        if (TryTakeMessage() is { } message)
        {
            return message;
        }

        // Nothing to deliver: block like librdkafka does, but wake up as soon as the test adds something.
        _wake.Wait(timeout);
        return null!;
    }

    public ConsumeResult<byte[], byte[]> Consume(int millisecondsTimeout) =>
        Consume(TimeSpan.FromMilliseconds(millisecondsTimeout));

    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public void Subscribe(string topic) => SubscribedTopic = topic;

    public void Subscribe(IEnumerable<string> topics) => throw new NotSupportedException();

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        if (CommitFailure is { } failure)
        {
            throw failure;
        }

        lock (_sync)
        {
            _commits.Add([.. offsets]);
        }
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var partition in partitions)
            {
                _paused.Add(partition);
                _pauseHistory.Add((true, partition));
            }
        }
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var partition in partitions)
            {
                _paused.Remove(partition);
                _pauseHistory.Add((false, partition));
            }
        }

        _wake.Release();
    }

    public void Close()
    {
        List<TopicPartition> remaining;
        lock (_sync)
        {
            remaining = [.. _assigned];
        }

        if (remaining.Count > 0)
        {
            _handlers!.PartitionsRevoked(this, [.. remaining.Select(p => new TopicPartitionOffset(p, Offset.Unset))]);
            Unassign(remaining);
        }

        Closed = true;
    }

    public void Dispose()
    {
        Disposed = true;
        _wake.Dispose();
    }

    public void Unsubscribe() => throw new NotSupportedException();

    public void Assign(TopicPartition partition) => throw new NotSupportedException();

    public void Assign(TopicPartitionOffset partition) => throw new NotSupportedException();

    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();

    public void Assign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();

    public void Unassign() => throw new NotSupportedException();

    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => throw new NotSupportedException();

    public void StoreOffset(TopicPartitionOffset offset) => throw new NotSupportedException();

    public List<TopicPartitionOffset> Commit() => throw new NotSupportedException();

    public void Commit(ConsumeResult<byte[], byte[]> result) => throw new NotSupportedException();

    public void Seek(TopicPartitionOffset tpo) => throw new NotSupportedException();

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => throw new NotSupportedException();

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) =>
        throw new NotSupportedException();

    public Offset Position(TopicPartition partition) => throw new NotSupportedException();

    public List<TopicPartitionOffset> OffsetsForTimes(
        IEnumerable<TopicPartitionTimestamp> timestampsToSearch,
        TimeSpan timeout) => throw new NotSupportedException();

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => throw new NotSupportedException();

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) =>
        throw new NotSupportedException();

    public int AddBrokers(string brokers) => throw new NotSupportedException();

    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();

    private void Enqueue(Action action)
    {
        lock (_sync)
        {
            _events.Enqueue(action);
        }

        _wake.Release();
    }

    private void Unassign(IEnumerable<TopicPartition> partitions)
    {
        lock (_sync)
        {
            foreach (var partition in partitions)
            {
                _assigned.Remove(partition);
                _paused.Remove(partition);
            }
        }
    }

    private ConsumeResult<byte[], byte[]>? TryTakeMessage()
    {
        lock (_sync)
        {
            // Round-robin over assigned, unpaused partitions, like fetch sessions spreading over partitions.
            for (var i = 0; i < _assigned.Count; i++)
            {
                var partition = _assigned[(_nextPartitionIndex + i) % _assigned.Count];
                if (!_paused.Contains(partition)
                    && _logs.TryGetValue(partition, out var log)
                    && log.TryDequeue(out var message))
                {
                    _nextPartitionIndex = (_nextPartitionIndex + i + 1) % _assigned.Count;
                    return message;
                }
            }

            return null;
        }
    }
}
