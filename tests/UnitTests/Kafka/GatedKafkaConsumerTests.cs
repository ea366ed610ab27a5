using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.UnitTests.Kafka.Fakes;

namespace Recorder.UnitTests.Kafka;

public sealed class GatedKafkaConsumerTests : IAsyncDisposable
{
    private static readonly TopicPartition P0 = new("qywx-recorder", 0);
    private static readonly TopicPartition P1 = new("qywx-recorder", 1);

    private readonly FakeKafkaConsumer _kafka = new();
    private readonly RecordingObserver _observer = new();
    private readonly List<GatedKafkaConsumer> _consumers = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync();
        }
    }

    private GatedKafkaConsumer Start(IMessageProcessor processor, Action<KafkaConsumerOptions>? configure = null)
    {
        var options = new KafkaConsumerOptions
        {
            BootstrapServers = "fake:9092",
            PollTimeout = TimeSpan.FromMilliseconds(20),
            // Commits come from the completion count, revokes and shutdown only, never from the clock.
            CommitInterval = TimeSpan.FromHours(1),
            RetryInitialBackoff = TimeSpan.FromMilliseconds(1),
            RetryMaxBackoff = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        var consumer = new GatedKafkaConsumer(options, processor, _observer, NullLogger.Instance, null, _kafka);
        _consumers.Add(consumer);
        consumer.Start();
        return consumer;
    }

    private void Append(TopicPartition partition, long from, int count, int valueBytes = 16)
    {
        for (var offset = from; offset < from + count; offset++)
        {
            _kafka.Append(partition, offset, valueBytes);
        }
    }

    private static Task<ProcessOutcome> BlockUntilCancelled(CancellationToken token) =>
        Task.Delay(Timeout.Infinite, token).ContinueWith(_ => ProcessOutcome.Ack, token);

    [Fact]
    public async Task Acknowledged_messages_are_committed_at_shutdown_and_the_group_is_left()
    {
        var processor = new ScriptedProcessor();
        _kafka.AssignLater(P0);
        Append(P0, 0, 10);

        var consumer = Start(processor);
        Eventually.True(() => _observer.Acknowledged.Count == 10, "all messages are acknowledged");
        await consumer.StopAsync();

        Assert.Equal("qywx-recorder", _kafka.SubscribedTopic);
        Assert.Equal(10, _kafka.LastCommitted(P0));
        Assert.True(_kafka.Closed);
        Assert.True(_kafka.Disposed);
        Assert.True(consumer.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Commits_are_made_every_configured_number_of_completions()
    {
        var processor = new ScriptedProcessor();
        _kafka.AssignLater(P0);
        Append(P0, 0, 7);

        var consumer = Start(processor, o =>
        {
            o.CommitEveryCompletions = 5;
            // One at a time, so that the fifth completion is offset 4 and the commit it triggers covers 0-4.
            o.MaxInFlightPerPartition = 1;
        });

        // Long before the hour-long commit interval.
        Eventually.True(() => _kafka.LastCommitted(P0) >= 5, "a commit is made after five completions");
        Eventually.True(() => _observer.Acknowledged.Count == 7, "all messages are acknowledged");
        await consumer.StopAsync();
        Assert.Equal(7, _kafka.LastCommitted(P0));
    }

    [Fact]
    public void Commits_are_made_when_the_commit_interval_passes()
    {
        var processor = new ScriptedProcessor();
        _kafka.AssignLater(P0);
        Append(P0, 0, 3);

        Start(processor, o =>
        {
            o.CommitEveryCompletions = 1_000;
            o.CommitInterval = TimeSpan.FromMilliseconds(20);
        });

        Eventually.True(() => _kafka.LastCommitted(P0) == 3, "offset 3 is committed without shutdown");
    }

    [Fact]
    public async Task Only_the_prefix_before_an_unfinished_message_is_committed()
    {
        var processor = new ScriptedProcessor((message, _, token) =>
            message.Offset.Value == 1 ? BlockUntilCancelled(token) : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0);
        Append(P0, 0, 5);

        var consumer = Start(processor, o => o.ShutdownDrainTimeout = TimeSpan.FromMilliseconds(200));
        Eventually.True(
            () => _observer.Acknowledged.Count == 4 && processor.Running == 1,
            "every message but offset 1 is acknowledged and offset 1 is being processed");
        await consumer.StopAsync();

        Assert.Equal(1, _kafka.LastCommitted(P0));
        Assert.Contains(new TopicPartitionOffset(P0, 1), processor.Cancelled);
    }

    [Fact]
    public async Task A_partition_runs_at_most_its_concurrency_limit_and_pauses_when_its_buffer_is_full()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((_, _, _) => release.Task);
        _kafka.AssignLater(P0);
        Append(P0, 0, 8);

        var consumer = Start(processor, o =>
        {
            o.MaxInFlightPerPartition = 2;
            o.MaxBufferedPerPartition = 2;
        });
        Eventually.True(
            () => processor.Running == 2 && _observer.Paused.Contains((P0, PauseReason.PartitionBudget)),
            "two messages run, two wait, and P0 is paused");
        Assert.True(_kafka.IsPaused(P0));
        Assert.Equal(2, processor.Calls.Count);
        Assert.Equal((4, 80L), consumer.InFlight);

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _observer.Acknowledged.Count == 8, "all messages are acknowledged");
        await consumer.StopAsync();

        Assert.Equal(2, processor.MaxRunning);
        Assert.Contains((false, P0), _kafka.PauseHistory);
        Assert.Equal(8, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_paused_partition_resumes_only_once_half_its_buffer_is_taken()
    {
        var releases = Enumerable.Range(0, 10)
            .Select(_ => new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously))
            .ToArray();
        var processor = new ScriptedProcessor((message, _, _) => releases[message.Offset.Value].Task);
        _kafka.AssignLater(P0);
        Append(P0, 0, 10);

        var consumer = Start(processor, o =>
        {
            o.MaxInFlightPerPartition = 1;
            o.MaxBufferedPerPartition = 4;
        });
        Eventually.True(() => _observer.Paused.Count == 1 && processor.Running == 1, "one message runs, four wait, P0 paused");

        // Each completion starts the next waiting message at once, without the poll loop.
        releases[0].SetResult(ProcessOutcome.Ack);
        Eventually.True(() => processor.Calls.Count == 2, "offset 1 starts when offset 0 is done");
        releases[1].SetResult(ProcessOutcome.Ack);
        Eventually.True(
            () => processor.Calls.Count == 3 && _observer.Paused.Count == 2,
            "P0 resumes once two of four wait, then fills up and pauses again");

        // Three waiting messages were not enough to resume.
        Assert.Single(_observer.Resumed);
        foreach (var release in releases)
        {
            release.TrySetResult(ProcessOutcome.Ack);
        }

        Eventually.True(() => _observer.Acknowledged.Count == 10, "all messages are acknowledged");
        await consumer.StopAsync();
        Assert.Equal(10, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_partition_with_too_many_uncommitted_offsets_is_paused_until_its_oldest_finishes()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((message, _, _) =>
            message.Offset.Value == 0 ? release.Task : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0);
        Append(P0, 0, 6);

        var consumer = Start(processor, o =>
        {
            o.MaxInFlightPerPartition = 2;
            o.MaxBufferedPerPartition = 1;
            o.MaxUncommittedPerPartition = 3;
        });
        Eventually.True(
            () => _observer.Paused.Contains((P0, PauseReason.UncommittedLimit)),
            "P0 is paused with offsets 1 and 2 done behind offset 0");
        Eventually.True(() => processor.Calls.Count == 3, "offsets 0-2 were handed to the processor");
        var gate = Assert.Single(consumer.GetGateSnapshots());
        Assert.Equal((2, 1), (gate.Backlog, gate.InFlight));

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _observer.Acknowledged.Count == 6, "all messages are acknowledged");
        await consumer.StopAsync();
        Assert.Equal(6, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task The_byte_budget_pauses_every_partition_and_a_message_larger_than_the_budget_runs_alone()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((_, _, _) => release.Task);
        _kafka.AssignLater(P0, P1);
        _kafka.Append(P1, 0, valueBytes: 40); // 44 bytes with the key

        var consumer = Start(processor, o =>
        {
            o.MaxMessageBytes = 100;
            o.MaxInFlightBytes = 100;
            o.MaxInFlightBytesPerPartition = 100;
        });
        Eventually.True(() => processor.Running == 1, "the first message runs");

        _kafka.Append(P0, 0, valueBytes: 500); // larger than the whole budget
        Eventually.True(
            () => _observer.Paused.Contains((P0, PauseReason.GlobalBudget))
                && _observer.Paused.Contains((P1, PauseReason.GlobalBudget)),
            "every partition is paused while the large message waits for the budget");
        _kafka.Append(P1, 1, valueBytes: 40);
        Assert.True(_kafka.IsPaused(P0) && _kafka.IsPaused(P1));
        Assert.Single(processor.Calls);

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _observer.Acknowledged.Count == 3, "all messages are acknowledged");
        await consumer.StopAsync();

        // The large message never shared the budget.
        Assert.Equal(504, _observer.MaxInFlightBytes);
        Assert.Equal(1, _kafka.LastCommitted(P0));
        Assert.Equal(2, _kafka.LastCommitted(P1));
    }

    [Fact]
    public async Task Large_messages_wait_for_their_own_budget_though_the_whole_budget_has_room()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((_, _, _) => release.Task);
        _kafka.AssignLater(P0, P1);
        _kafka.Append(P0, 0, valueBytes: 90_000);

        var consumer = Start(processor, o =>
        {
            o.MaxMessageBytes = 100_000;
            o.MaxInFlightBytes = 1_000_000;
            o.MaxInFlightBytesPerPartition = 1_000_000;
            o.MaxInFlightLargeBytes = 100_000;
        });
        Eventually.True(() => processor.Running == 1, "the first large message runs");

        _kafka.Append(P1, 0, valueBytes: 90_000);
        Eventually.True(
            () => _observer.Paused.Contains((P0, PauseReason.GlobalBudget))
                && _observer.Paused.Contains((P1, PauseReason.GlobalBudget)),
            "the second large message waits for the large-message budget, every partition paused");
        Assert.Single(processor.Calls);

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _observer.Acknowledged.Count == 2, "both messages are acknowledged");
        Eventually.True(
            () => !_kafka.IsPaused(P0) && !_kafka.IsPaused(P1) && _observer.Resumed.Contains(P0) && _observer.Resumed.Contains(P1),
            "both partitions resume once large messages fell to half their budget");
        await consumer.StopAsync();

        // One large message at a time: the two never shared the budget.
        Assert.InRange(_observer.MaxInFlightBytes, 90_000, 100_000);
        Assert.Equal(1, _kafka.LastCommitted(P0));
        Assert.Equal(1, _kafka.LastCommitted(P1));
    }

    [Fact]
    public async Task A_message_over_its_partition_cap_waits_until_its_partition_is_empty()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((_, _, _) => release.Task);
        _kafka.AssignLater(P0, P1);
        _kafka.Append(P0, 0, valueBytes: 40);
        _kafka.Append(P0, 1, valueBytes: 200); // over the partition cap, within the global budget

        var consumer = Start(processor, o =>
        {
            o.MaxMessageBytes = 100;
            o.MaxInFlightBytesPerPartition = 100;
            o.MaxInFlightBytes = 1_000;
        });
        Eventually.True(
            () => processor.Running == 1 && _observer.Paused.Contains((P0, PauseReason.PartitionBudget)),
            "the first message runs and P0 is paused while its large message waits");
        Assert.Single(processor.Calls);
        Assert.False(_kafka.IsPaused(P1));

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _observer.Acknowledged.Count == 2, "both messages are acknowledged");
        await consumer.StopAsync();
        Assert.Equal(2, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_message_not_acknowledged_pauses_its_partition_and_is_redelivered()
    {
        var processor = new ScriptedProcessor((message, attempt, _) =>
        {
            if (message.Offset.Value != 0 || attempt == 3)
            {
                return Task.FromResult(ProcessOutcome.Ack);
            }

            if (attempt == 2)
            {
                // Still not acknowledged: the partition stays paused until the message is.
                Eventually.True(() => _kafka.IsPaused(P0), "P0 is paused while its message is retried");
            }

            return Task.FromResult(ProcessOutcome.RetryLater);
        });
        _kafka.AssignLater(P0);
        Append(P0, 0, 3);

        var consumer = Start(processor);
        Eventually.True(() => _observer.Acknowledged.Count == 3, "all messages are acknowledged");
        Eventually.True(() => _observer.Resumed.Contains(P0), "P0 is resumed once its message is acknowledged");
        await consumer.StopAsync();

        Assert.Equal(3, processor.AttemptsOf(new TopicPartitionOffset(P0, 0)));
        Assert.Contains((P0, PauseReason.Retrying), _observer.Paused);
        Assert.Equal([1, 2], _observer.Retries.Select(r => r.Attempt));
        Assert.Equal(3, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_processor_exception_becomes_a_retry_and_the_loop_keeps_going()
    {
        var processor = new ScriptedProcessor((message, attempt, _) =>
            message.Offset.Value == 1 && attempt == 1
                ? throw new InvalidOperationException("storage exploded")
                : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0);
        Append(P0, 0, 4);

        var consumer = Start(processor);
        Eventually.True(() => _observer.Acknowledged.Count == 4, "all messages are acknowledged");
        await consumer.StopAsync();

        Assert.Equal((P0, 1, true), Assert.Single(_observer.Retries));
        Assert.Equal(2, processor.AttemptsOf(new TopicPartitionOffset(P0, 1)));
        Assert.Equal(4, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task Revoke_waits_for_in_flight_work_then_commits_and_releases_the_partition()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((message, _, _) =>
            message.Offset.Value == 1 && message.TopicPartition == P0
                ? release.Task
                : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0, P1);
        Append(P0, 0, 3);

        var consumer = Start(processor);
        Eventually.True(() => _observer.Acknowledged.Count == 2, "offsets 0 and 2 are acknowledged");
        _kafka.RevokeLater(P0);
        Eventually.True(() => _observer.Revoked.Count == 1, "the revoke started");

        // The handler is waiting for offset 1; nothing of P0 is committed yet.
        Assert.Null(_kafka.LastCommitted(P0));
        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _kafka.LastCommitted(P0) == 3, "the revoke committed everything");
        Assert.Equal([P1], consumer.AssignedPartitions);

        // The loop goes on with the partitions it kept.
        Append(P1, 0, 2);
        Eventually.True(() => _observer.Acknowledged.Count == 5, "P1 keeps being processed");
        await consumer.StopAsync();
        Assert.Equal(2, _kafka.LastCommitted(P1));
    }

    [Fact]
    public async Task Revoke_drops_messages_waiting_for_a_slot_and_waits_only_for_running_ones()
    {
        var release = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor((_, _, _) => release.Task);
        _kafka.AssignLater(P0, P1);
        Append(P0, 0, 4);

        var consumer = Start(processor, o => o.MaxInFlightPerPartition = 1);
        Eventually.True(() => consumer.InFlight.Messages == 4, "one message runs and three wait");
        _kafka.RevokeLater(P0);
        Eventually.True(() => _observer.Revoked.Count == 1, "the revoke started");

        release.SetResult(ProcessOutcome.Ack);
        Eventually.True(() => _kafka.LastCommitted(P0) == 1, "the revoke committed the running message");
        Assert.Single(processor.Calls);
        Eventually.True(() => consumer.InFlight == (0, 0L), "the dropped messages gave their bytes back");
        await consumer.StopAsync();
    }

    [Fact]
    public async Task Revoke_stops_waiting_after_its_timeout_and_commits_the_finished_prefix_only()
    {
        var processor = new ScriptedProcessor((message, _, token) =>
            message.Offset.Value == 2 ? BlockUntilCancelled(token) : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0, P1);
        Append(P0, 0, 4);

        var consumer = Start(processor, o => o.RevokeDrainTimeout = TimeSpan.FromMilliseconds(200));
        Eventually.True(
            () => _observer.Acknowledged.Count == 3 && processor.Running == 1,
            "every message but offset 2 is acknowledged and offset 2 is being processed");
        _kafka.RevokeLater(P0);

        Eventually.True(() => _kafka.LastCommitted(P0) == 2, "the finished prefix is committed");
        Eventually.True(() => processor.Cancelled.Count == 1, "the unfinished message is cancelled");
        Assert.Equal([P1], consumer.AssignedPartitions);
        await consumer.StopAsync();
        Assert.Equal(2, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task Lost_partitions_cancel_their_work_and_commit_nothing()
    {
        var processor = new ScriptedProcessor((message, _, token) =>
            message.Offset.Value == 1 ? BlockUntilCancelled(token) : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0);
        Append(P0, 0, 3);

        var consumer = Start(processor);
        Eventually.True(
            () => _observer.Acknowledged.Count == 2 && processor.Running == 1,
            "offsets 0 and 2 are acknowledged and offset 1 is being processed");
        _kafka.LoseLater(P0);

        Eventually.True(() => processor.Cancelled.Count == 1, "the in-flight message is cancelled");
        await consumer.StopAsync();
        Assert.Single(_observer.Lost);
        Assert.Null(_kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_partition_assigned_again_starts_over_from_the_committed_offset()
    {
        var processor = new ScriptedProcessor();
        _kafka.AssignLater(P0);
        Append(P0, 0, 2);

        var consumer = Start(processor);
        Eventually.True(() => _observer.Acknowledged.Count == 2, "the first two messages are acknowledged");
        _kafka.RevokeLater(P0);
        Eventually.True(() => _kafka.LastCommitted(P0) == 2, "the revoke committed");

        // Back again: the broker hands out offset 2 onwards.
        _kafka.AssignLater(P0);
        Append(P0, 2, 2);
        Eventually.True(() => _observer.Acknowledged.Count == 4, "the next messages are acknowledged");
        await consumer.StopAsync();

        Assert.Equal(4, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_partition_assigned_back_while_a_lost_worker_still_holds_its_slots_processes_its_messages()
    {
        // The first call ignores its cancellation and keeps running after the partition is lost.
        var stuck = new TaskCompletionSource<ProcessOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var processor = new ScriptedProcessor((_, _, _) =>
            Interlocked.Increment(ref calls) == 1 ? stuck.Task : Task.FromResult(ProcessOutcome.Ack));
        _kafka.AssignLater(P0);
        Append(P0, 0, 1);

        var consumer = Start(processor, o => o.MaxInFlightPerPartition = 1);
        Eventually.True(() => processor.Running == 1, "offset 0 holds the partition's only processing slot");
        _kafka.LoseLater(P0);
        Eventually.True(() => _observer.Lost.Count == 1, "the partition is lost");

        // Assigned back: nothing was committed, so offset 0 comes again, then offset 1.
        _kafka.AssignLater(P0);
        Append(P0, 0, 2);
        Eventually.True(
            () => _observer.Acknowledged.Count == 2,
            "the new assignment processes its messages although the lost one's worker still runs");
        Assert.Equal(1, processor.Running);

        stuck.SetResult(ProcessOutcome.Ack);
        await consumer.StopAsync();
        Assert.Equal(2, _kafka.LastCommitted(P0));
    }

    [Fact]
    public async Task A_failing_commit_is_reported_and_does_not_stop_the_consumer()
    {
        var processor = new ScriptedProcessor();
        _kafka.CommitFailure = new KafkaException(new Error(ErrorCode.RebalanceInProgress, "rebalance in progress"));
        _kafka.AssignLater(P0);
        Append(P0, 0, 3);

        var consumer = Start(processor, o => o.CommitEveryCompletions = 1);
        Eventually.True(() => _observer.Acknowledged.Count == 3, "all messages are acknowledged");
        _kafka.CommitFailure = null;
        Append(P0, 3, 1);
        Eventually.True(() => _kafka.LastCommitted(P0) == 4, "a later commit goes through");
        await consumer.StopAsync();

        Assert.True(consumer.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Consumer_lag_from_statistics_is_reported_for_assigned_partitions()
    {
        _kafka.AssignLater(P0);
        _kafka.StatisticsLater("""
            { "topics": { "qywx-recorder": { "partitions": {
                "0": { "consumer_lag": 42 }, "3": { "consumer_lag": 7 } } } } }
            """);

        var consumer = Start(new ScriptedProcessor());
        Eventually.True(() => !_observer.Lags.IsEmpty, "a lag is reported");
        await consumer.StopAsync();

        Assert.Equal((P0, 42L), Assert.Single(_observer.Lags));
    }

    [Fact]
    public async Task A_fatal_error_stops_the_consumer_and_fails_its_run()
    {
        _kafka.AssignLater(P0);
        _kafka.ErrorLater(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));
        var consumer = new GatedKafkaConsumer(
            new KafkaConsumerOptions { BootstrapServers = "fake:9092", PollTimeout = TimeSpan.FromMilliseconds(20) },
            new ScriptedProcessor(),
            _observer,
            NullLogger.Instance,
            null,
            _kafka);
        _consumers.Add(consumer);

        var thrown = await Assert.ThrowsAsync<KafkaException>(() => consumer.RunAsync(CancellationToken.None));

        Assert.True(thrown.Error.IsFatal);
        Assert.True(_kafka.Closed);
    }

    [Fact]
    public async Task RunAsync_returns_after_a_graceful_stop_when_its_token_is_cancelled()
    {
        using var stop = new CancellationTokenSource();
        _kafka.AssignLater(P0);
        Append(P0, 0, 3);
        var consumer = new GatedKafkaConsumer(
            new KafkaConsumerOptions { BootstrapServers = "fake:9092", PollTimeout = TimeSpan.FromMilliseconds(20) },
            new ScriptedProcessor(),
            _observer,
            NullLogger.Instance,
            null,
            _kafka);
        _consumers.Add(consumer);

        var run = consumer.RunAsync(stop.Token);
        Eventually.True(() => _observer.Acknowledged.Count == 3, "all messages are acknowledged");
        await stop.CancelAsync();
        await run;

        Assert.Equal(3, _kafka.LastCommitted(P0));
        Assert.True(_kafka.Closed);
    }
}
