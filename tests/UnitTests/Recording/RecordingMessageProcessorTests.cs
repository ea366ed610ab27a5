using System.Text;
using Confluent.Kafka;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Kafka.Fakes;
using Recorder.UnitTests.Observability.Support;

namespace Recorder.UnitTests.Recording;

public sealed class RecordingMessageProcessorTests
{
    private readonly IMediator _mediator = Substitute.For<IMediator>();
    private readonly IDeadLetterPublisher _deadLetters = Substitute.For<IDeadLetterPublisher>();
    // A registry of this test only, so that processors of tests running in parallel are not counted here.
    private readonly RecorderMetrics _metrics = new();
    private readonly RecordingMessageProcessor _processor;

    public RecordingMessageProcessorTests()
    {
        _processor = new RecordingMessageProcessor(new QaRoundMessageDecoder(TimeProvider.System), _mediator, _deadLetters, _metrics,
            NullLogger<RecordingMessageProcessor>.Instance, TimeProvider.System);
        _deadLetters.TryPublishAsync(default!, default!, default!, default).ReturnsForAnyArgs(true);
    }

    [Fact]
    public async Task A_recorded_round_is_acknowledged_without_dead_lettering()
    {
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2));

        var outcome = await _processor.ProcessAsync(Record(Good()), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        await _mediator.Received(1).Send(
            Arg.Is<RecordQaBatchCommand>(c => c.UserId == "u-1" && c.Pairs.Count == 1 && c.Source.Offset == 42 && c.Source.Partition == 3),
            Arg.Any<CancellationToken>());
        await _deadLetters.DidNotReceiveWithAnyArgs().TryPublishAsync(default!, default!, default!, default);
    }

    [Fact]
    public async Task End_to_end_latency_runs_from_the_records_kafka_timestamp_to_its_rows_being_stored_and_only_for_stored_rounds()
    {
        var clock = new ManualTimeProvider();
        var processor = new RecordingMessageProcessor(new QaRoundMessageDecoder(clock), _mediator, _deadLetters, _metrics,
            NullLogger<RecordingMessageProcessor>.Instance, clock);
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2));
        var stored = Good();
        stored.Timestamp = new Timestamp(clock.GetUtcNow().AddMilliseconds(-40).UtcDateTime, TimestampType.CreateTime);
        var poison = Good(value: "not json");
        poison.Timestamp = stored.Timestamp;

        await processor.ProcessAsync(Record(stored), CancellationToken.None);
        await processor.ProcessAsync(Record(poison), CancellationToken.None);

        var endToEnd = (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_end_to_end_seconds"];
        Assert.Equal(1, endToEnd.Samples.Single(s => s.Name == "qywx_recorder_end_to_end_seconds_count").Value);
        Assert.Equal(0.04, endToEnd.Samples.Single(s => s.Name == "qywx_recorder_end_to_end_seconds_sum").Value, 6);
    }

    [Fact]
    public async Task End_to_end_latency_ends_when_the_rows_committed_not_when_the_worker_resumed()
    {
        var clock = new ManualTimeProvider();
        var processor = new RecordingMessageProcessor(new QaRoundMessageDecoder(clock), _mediator, _deadLetters, _metrics,
            NullLogger<RecordingMessageProcessor>.Instance, clock);
        var committedAt = clock.GetUtcNow().AddMilliseconds(-25);
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2, committedAt));
        var stored = Good();
        stored.Timestamp = new Timestamp(clock.GetUtcNow().AddMilliseconds(-40).UtcDateTime, TimestampType.CreateTime);

        await processor.ProcessAsync(Record(stored), CancellationToken.None);

        // 40 ms after the Kafka timestamp the worker resumed, but the rows were durable 15 ms after it.
        var endToEnd = (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_end_to_end_seconds"];
        Assert.Equal(0.015, endToEnd.Samples.Single(s => s.Name == "qywx_recorder_end_to_end_seconds_sum").Value, 6);
    }

    [Fact]
    public async Task An_undecodable_record_is_dead_lettered_with_its_reason_and_acknowledged()
    {
        var outcome = await _processor.ProcessAsync(Record(Good(value: "not json")), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        await _deadLetters.Received(1).TryPublishAsync(Arg.Any<ConsumeResult<byte[], byte[]>>(), "invalid_json", Arg.Any<string>(), Arg.Any<CancellationToken>());
        await _mediator.DidNotReceiveWithAnyArgs().Send(Arg.Any<RecordQaBatchCommand>(), default);
    }

    [Fact]
    public async Task A_command_refused_by_validation_is_dead_lettered_as_a_decode_error()
    {
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RequestValidationException(nameof(RecordQaBatchCommand), [new("Occurred", "Occurred is in the future.", "range")]));

        var outcome = await _processor.ProcessAsync(Record(Good()), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        await _deadLetters.Received(1).TryPublishAsync(Arg.Any<ConsumeResult<byte[], byte[]>>(), "validation_failed",
            Arg.Is<string>(e => e.Contains("Occurred", StringComparison.Ordinal)), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("1.5", "unparsable")]
    [InlineData("2026-11-20", "unparsable")]
    [InlineData("-5", "out_of_range")]
    [InlineData("99999999999999", "out_of_range")]
    [InlineData("", "missing")]
    public async Task A_round_with_an_unusable_occurred_is_recorded_with_the_record_timestamp_and_counted(string occurred, string reason)
    {
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2));
        var timestamp = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        var message = Good();
        message.Headers.Remove("occurred");
        message.Headers.Add("occurred", Encoding.ASCII.GetBytes(occurred));
        message.Timestamp = new Timestamp(timestamp, TimestampType.CreateTime);

        var outcome = await _processor.ProcessAsync(Record(message), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        await _mediator.Received(1).Send(Arg.Is<RecordQaBatchCommand>(c => c.Occurred == timestamp), Arg.Any<CancellationToken>());
        await _deadLetters.DidNotReceiveWithAnyArgs().TryPublishAsync(default!, default!, default!, default);
        var metrics = await Exposition.TextAsync(_metrics.Registry);
        Assert.Contains($"qywx_recorder_occurred_fallback_total{{reason=\"{reason}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("qywx_recorder_batches_total{result=\"ok\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_occurred_values_are_logged_once_per_partition_per_minute()
    {
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2));
        var clock = new ManualTimeProvider();
        var logger = new CapturingLogger<RecordingMessageProcessor>();
        var processor = new RecordingMessageProcessor(new QaRoundMessageDecoder(TimeProvider.System), _mediator, _deadLetters, _metrics, logger, clock);
        var message = Good();
        message.Headers.Remove("occurred");
        message.Headers.Add("occurred", "1.5"u8.ToArray());

        for (var i = 0; i < 3; i++)
        {
            await processor.ProcessAsync(Record(message, partition: 3), CancellationToken.None);
        }

        await processor.ProcessAsync(Record(message, partition: 4), CancellationToken.None);
        clock.Advance(RecordingMessageProcessor.OccurredWarningInterval);
        await processor.ProcessAsync(Record(message, partition: 3), CancellationToken.None);

        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Text).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("Unparsable", w, StringComparison.Ordinal));
        Assert.Contains("[4]", warnings[1], StringComparison.Ordinal);
        Assert.EndsWith(": 2", warnings[2], StringComparison.Ordinal);
        Assert.Contains("qywx_recorder_occurred_fallback_total{reason=\"unparsable\"} 5", await Exposition.TextAsync(_metrics.Registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usable_occurred_is_not_counted_as_a_fallback()
    {
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).Returns(new RecordQaBatchResult(2, 0, 2));

        await _processor.ProcessAsync(Record(Good()), CancellationToken.None);

        Assert.DoesNotMatch(@"qywx_recorder_occurred_fallback_total\{[^}]*\} [1-9]", await Exposition.TextAsync(_metrics.Registry));
    }

    [Theory]
    [InlineData(true, RecordingMessageProcessor.DbUnavailableReason)]
    [InlineData(false, RecordingMessageProcessor.DbRejectedReason)]
    public async Task Storage_failures_are_dead_lettered_with_their_reason(bool unavailable, string reason)
    {
        Exception failure = unavailable ? new StorageUnavailableException("down") : new StorageRejectedException("refused");
        _mediator.Send(Arg.Any<RecordQaBatchCommand>(), Arg.Any<CancellationToken>()).ThrowsAsync(failure);

        var outcome = await _processor.ProcessAsync(Record(Good()), CancellationToken.None);

        Assert.Equal(ProcessOutcome.Ack, outcome);
        await _deadLetters.Received(1).TryPublishAsync(Arg.Any<ConsumeResult<byte[], byte[]>>(), reason, Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task When_the_dead_letter_produce_fails_the_record_is_not_acknowledged()
    {
        _deadLetters.TryPublishAsync(default!, default!, default!, default).ReturnsForAnyArgs(false);

        var outcome = await _processor.ProcessAsync(Record(Good(userId: null)), CancellationToken.None);

        Assert.Equal(ProcessOutcome.RetryLater, outcome);
    }

    private static Message<byte[], byte[]> Good(string? userId = "u-1", string value = """[{"q":"hi","a":"hello"}]""")
    {
        var headers = new Headers { { "schema", "ipang.qa.v1"u8.ToArray() }, { "occurred", "1717243200"u8.ToArray() } };
        if (userId is not null)
        {
            headers.Add("user_id", Encoding.UTF8.GetBytes(userId));
        }

        return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(userId ?? "k"), Value = Encoding.UTF8.GetBytes(value), Headers = headers };
    }

    private static ConsumeResult<byte[], byte[]> Record(Message<byte[], byte[]> message, int partition = 3) => new()
    {
        Topic = "qywx-recorder",
        Partition = new Partition(partition),
        Offset = new Offset(42),
        Message = message,
    };
}
