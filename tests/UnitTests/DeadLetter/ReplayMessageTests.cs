using System.Text;
using Confluent.Kafka;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;
using Recorder.Infrastructure.Messaging;

namespace Recorder.UnitTests.DeadLetter;

public sealed class ReplayMessageTests
{
    private static readonly DateTime RecordTime = new(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc);
    private static readonly DateTimeOffset FailedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_replayed_record_is_the_original_without_dlq_headers_plus_where_it_came_from()
    {
        var original = Original(occurred: "1795163400");
        var deadLetter = DeadLetterCopyOf(original, partition: 1, offset: 17);

        var replayed = ReplayMessage.From(DeadLetterRecord.From(deadLetter));

        Assert.Equal(original.Message.Key, replayed.Key);
        Assert.Equal(original.Message.Value, replayed.Value);
        Assert.Equal(["schema", "user_id", "occurred", "x-trace", "replayed_from"], replayed.Headers.Select(h => h.Key));
        Assert.Equal(original.Message.Headers.Select(h => h.GetValueBytes()), replayed.Headers.Take(4).Select(h => h.GetValueBytes()));
        Assert.Equal("1/17", Encoding.ASCII.GetString(replayed.Headers.GetLastBytes(DeadLetterHeaders.ReplayedFrom)));
    }

    [Fact]
    public void A_record_dead_lettered_again_after_a_replay_carries_only_the_latest_replayed_from()
    {
        var first = ReplayMessage.From(DeadLetterRecord.From(DeadLetterCopyOf(Original(occurred: null), partition: 0, offset: 3)));
        var again = new ConsumeResult<byte[], byte[]>
        {
            Topic = "qywx-recorder", Partition = new Partition(2), Offset = new Offset(99),
            Message = new Message<byte[], byte[]> { Key = first.Key, Value = first.Value, Headers = first.Headers, Timestamp = new Timestamp(RecordTime) },
        };

        var second = ReplayMessage.From(DeadLetterRecord.From(DeadLetterCopyOf(again, partition: 1, offset: 8)));

        Assert.Single(second.Headers, h => h.Key == DeadLetterHeaders.ReplayedFrom);
        Assert.Equal("1/8", Encoding.ASCII.GetString(second.Headers.GetLastBytes(DeadLetterHeaders.ReplayedFrom)));
        Assert.DoesNotContain(second.Headers, h => DeadLetterHeaders.IsDeadLetterHeader(h.Key));
    }

    [Fact]
    public void The_replayed_record_gets_the_original_timestamp_back_to_the_millisecond()
    {
        var replayed = ReplayMessage.From(DeadLetterRecord.From(DeadLetterCopyOf(Original(occurred: null), 0, 0)));

        Assert.Equal(TimestampType.CreateTime, replayed.Timestamp.Type);
        Assert.Equal(RecordTime, replayed.Timestamp.UtcDateTime);
    }

    [Fact]
    public void A_copy_made_before_dlq_source_timestamp_existed_goes_with_the_time_of_the_replay()
    {
        var deadLetter = DeadLetterCopyOf(Original(occurred: null), 0, 0);
        deadLetter.Message.Headers.Remove(DeadLetterHeaders.SourceTimestamp);

        var replayed = ReplayMessage.From(DeadLetterRecord.From(deadLetter));

        Assert.Equal(TimestampType.NotAvailable, replayed.Timestamp.Type); // the producer stamps it when sent
    }

    [Theory]
    [InlineData(null)]             // missing
    [InlineData("")]               // empty
    [InlineData("1.5")]            // not an integer
    [InlineData("0")]              // before 2000
    [InlineData("1795250000")]     // more than a day past the record
    [InlineData("1795163400")]     // usable: taken from the header either way
    public void The_recorder_resolves_the_replayed_round_to_exactly_the_time_it_gave_the_original(string? occurred)
    {
        var decoder = new QaRoundMessageDecoder(new FixedClock(RecordTime.AddDays(3)));
        var original = Original(occurred);
        var storedFirst = OccurredOf(decoder, original.Message);

        var replayed = ReplayMessage.From(DeadLetterRecord.From(DeadLetterCopyOf(original, 0, 0)));
        var storedOnReplay = OccurredOf(decoder, replayed);

        Assert.Equal(storedFirst, storedOnReplay);
    }

    [Fact]
    public void An_occurred_header_written_from_the_timestamp_would_not_give_the_same_time()
    {
        // Why the replay restores the timestamp rather than writing occurred: the header holds whole seconds, a round
        // that fell back to its timestamp keeps the milliseconds, and the unique key compares them.
        var decoder = new QaRoundMessageDecoder(new FixedClock(RecordTime.AddDays(3)));
        var storedFirst = OccurredOf(decoder, Original(occurred: null).Message);
        var fromSecondsHeader = OccurredOf(decoder, Original(occurred: UnixSeconds(RecordTime)).Message);

        Assert.Equal(RecordTime, storedFirst);
        Assert.NotEqual(storedFirst, fromSecondsHeader);
        Assert.Equal(OccurredTime.Normalize(RecordTime.AddMilliseconds(-250)), fromSecondsHeader);
    }

    private static ConsumeResult<byte[], byte[]> Original(string? occurred)
    {
        var headers = new Headers { { "schema", "ipang.qa.v1"u8.ToArray() }, { "user_id", "u-1"u8.ToArray() } };
        if (occurred is not null)
        {
            headers.Add("occurred", Encoding.ASCII.GetBytes(occurred));
        }

        headers.Add("x-trace", [0x01, 0xFF]);
        return new ConsumeResult<byte[], byte[]>
        {
            Topic = "qywx-recorder",
            Partition = new Partition(5),
            Offset = new Offset(1234),
            Message = new Message<byte[], byte[]>
            {
                Key = "u-1"u8.ToArray(),
                Value = """[{"q":"你好","a":"hi"}]"""u8.ToArray(),
                Headers = headers,
                Timestamp = new Timestamp(RecordTime, TimestampType.CreateTime),
            },
        };
    }

    /// <summary>The dead-letter copy as the recorder writes it, read back at <paramref name="partition"/>/<paramref name="offset"/>.</summary>
    private static ConsumeResult<byte[], byte[]> DeadLetterCopyOf(ConsumeResult<byte[], byte[]> original, int partition, long offset) => new()
    {
        Topic = "qywx-recorder.dlq",
        Partition = new Partition(partition),
        Offset = new Offset(offset),
        Message = new Message<byte[], byte[]>
        {
            Key = original.Message.Key,
            Value = original.Message.Value,
            Headers = DeadLetterCopy.BuildHeaders(original, "db_unavailable", "MySQL unreachable", FailedAt, "recorder-1"),
            Timestamp = new Timestamp(FailedAt.UtcDateTime, TimestampType.CreateTime),
        },
    };

    private static DateTime OccurredOf(QaRoundMessageDecoder decoder, Message<byte[], byte[]> message)
    {
        var decoded = decoder.Decode(message);
        Assert.True(decoded.IsSuccess);
        return decoded.Round.Occurred;
    }

    private static string UnixSeconds(DateTime utc) => ((long)(utc - DateTime.UnixEpoch).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTime utcNow) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utcNow, TimeSpan.Zero);
    }
}
