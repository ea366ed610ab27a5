using System.Collections.Concurrent;
using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka.Fakes;

/// <summary>Processor whose behaviour per message and attempt is given by the test; records every call.</summary>
internal sealed class ScriptedProcessor(
    Func<ConsumeResult<byte[], byte[]>, int, CancellationToken, Task<ProcessOutcome>>? behaviour = null)
    : IMessageProcessor
{
    private readonly ConcurrentDictionary<TopicPartitionOffset, int> _attempts = new();
    private readonly ConcurrentQueue<TopicPartitionOffset> _calls = new();
    private readonly ConcurrentQueue<TopicPartitionOffset> _cancelled = new();
    private int _running;
    private int _maxRunning;

    public IReadOnlyCollection<TopicPartitionOffset> Calls => _calls;

    public IReadOnlyCollection<TopicPartitionOffset> Cancelled => _cancelled;

    public int Running => Volatile.Read(ref _running);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int AttemptsOf(TopicPartitionOffset message) => _attempts.GetValueOrDefault(message);

    public async ValueTask<ProcessOutcome> ProcessAsync(
        ConsumeResult<byte[], byte[]> message,
        CancellationToken cancellationToken)
    {
        var key = message.TopicPartitionOffset;
        var attempt = _attempts.AddOrUpdate(key, 1, (_, previous) => previous + 1);
        _calls.Enqueue(key);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            return behaviour is null ? ProcessOutcome.Ack : await behaviour(message, attempt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _cancelled.Enqueue(key);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
