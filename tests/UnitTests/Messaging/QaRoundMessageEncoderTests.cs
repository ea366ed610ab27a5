using System.Text;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Messaging;

public class QaRoundMessageEncoderTests
{
    private static readonly DateTime Occurred = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2024, 6, 1, 12, 0, 5, TimeSpan.Zero));
    private readonly QaRoundMessageEncoder _encoder;

    public QaRoundMessageEncoderTests()
    {
        _encoder = new QaRoundMessageEncoder(_clock, "scheduler-7");
    }

    private static string HeaderText(EncodedQaRound encoded, string name) =>
        Encoding.UTF8.GetString(Assert.Single(encoded.Headers, h => h.Name == name).Value!);

    [Fact]
    public void Produces_the_contract_key_headers_and_value()
    {
        var encoded = _encoder.Encode("user-1", [new QaPair("q1", "a1"), new QaPair("q2", "a2")], Occurred);

        Assert.False(encoded.IsRefused);
        Assert.Equal("user-1", Encoding.UTF8.GetString(encoded.Key));
        Assert.Equal(
            ["schema", "user_id", "occurred", "qa_pairs", "produced_at", "producer_instance"],
            encoded.Headers.Select(h => h.Name));
        Assert.Equal("ipang.qa.v1", HeaderText(encoded, "schema"));
        Assert.Equal("user-1", HeaderText(encoded, "user_id"));
        Assert.Equal("1717243200", HeaderText(encoded, "occurred"));
        Assert.Equal("2", HeaderText(encoded, "qa_pairs"));
        Assert.Equal("1717243205", HeaderText(encoded, "produced_at"));
        Assert.Equal("scheduler-7", HeaderText(encoded, "producer_instance"));
        Assert.Equal("""[{"q":"q1","a":"a1"},{"q":"q2","a":"a2"}]""", Encoding.UTF8.GetString(encoded.Value!));
        Assert.Equal(encoded.Value!.Length, encoded.ValueBytes);
        Assert.Equal(2, encoded.PairCount);
    }

    [Fact]
    public void Omits_the_producer_instance_when_unknown()
    {
        var encoder = new QaRoundMessageEncoder(_clock, producerInstance: " ");

        var encoded = encoder.Encode("u", [new QaPair("q", "a")], Occurred);

        Assert.DoesNotContain(encoded.Headers, h => h.Name == "producer_instance");
    }

    [Fact]
    public void Sends_occurred_as_whole_unix_seconds()
    {
        var encoded = _encoder.Encode("u", [new QaPair("q", "a")], Occurred.AddMilliseconds(45).AddTicks(6789));

        Assert.Equal("1717243200", HeaderText(encoded, "occurred"));
    }

    [Fact]
    public void Writes_chinese_text_as_utf8_not_as_escapes()
    {
        var encoded = _encoder.Encode("u", [new QaPair("你好", "<b>&'</b>")], Occurred);

        Assert.Equal("""[{"q":"你好","a":"<b>&'</b>"}]""", Encoding.UTF8.GetString(encoded.Value!));
    }

    [Fact]
    public void Escapes_what_json_requires()
    {
        var encoded = _encoder.Encode("u", [new QaPair("a\"b\\c\nd\u0001", "e")], Occurred);

        Assert.Equal("""[{"q":"a\"b\\c\nd\u0001","a":"e"}]""", Encoding.UTF8.GetString(encoded.Value!));
    }

    [Fact]
    public void Sends_missing_text_as_empty_strings()
    {
        var encoded = _encoder.Encode("u", [new QaPair(null, "a"), new QaPair("q", null)], Occurred);

        Assert.Equal("""[{"q":"","a":"a"},{"q":"q","a":""}]""", Encoding.UTF8.GetString(encoded.Value!));
    }

    [Fact]
    public void Reports_an_oversized_round_with_its_size_and_never_truncates()
    {
        var encoder = new QaRoundMessageEncoder(_clock, "p", maxValueBytes: 100);
        var text = new string('x', 100);

        var encoded = encoder.Encode("u", [new QaPair(text, "")], Occurred);

        Assert.True(encoded.IsRefused);
        Assert.Null(encoded.Value);
        Assert.Equal(100 + """[{"q":"","a":""}]""".Length, encoded.ValueBytes);
        Assert.Equal(new RoundLimitViolation(RoundLimit.ValueBytes, encoded.ValueBytes!.Value, 100), encoded.Violation);
        Assert.Throws<InvalidOperationException>(() => encoded.ToKafkaMessage());
    }

    [Fact]
    public void A_round_of_exactly_the_limit_may_be_sent()
    {
        var overhead = """[{"q":"","a":""}]""".Length;
        var encoded = _encoder.Encode("u", [new QaPair(new string('x', RoundLimits.MaxValueBytes - overhead), "")], Occurred);

        Assert.False(encoded.IsRefused);
        Assert.Equal(RoundLimits.MaxValueBytes, encoded.ValueBytes);
    }

    [Fact]
    public void A_large_round_does_not_disturb_later_small_ones()
    {
        _encoder.Encode("u", [new QaPair(new string('y', 3_000_000), "z")], Occurred);

        var small = _encoder.Encode("u", [new QaPair("q", "a")], Occurred);

        Assert.Equal("""[{"q":"q","a":"a"}]""", Encoding.UTF8.GetString(small.Value!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Rejects_a_blank_user_id(string userId)
    {
        Assert.ThrowsAny<ArgumentException>(() => _encoder.Encode(userId, [new QaPair("q", "a")], Occurred));
    }

    [Fact]
    public void Refuses_a_user_id_over_64_characters_counted_as_code_points()
    {
        var emoji64 = string.Concat(Enumerable.Repeat("😀", 64));

        Assert.False(_encoder.Encode(emoji64, [new QaPair("q", "a")], Occurred).IsRefused);
        var encoded = _encoder.Encode(emoji64 + "u", [new QaPair("q", "a")], Occurred);

        Assert.Equal(new RoundLimitViolation(RoundLimit.UserIdLength, 65, 64), encoded.Violation);
    }

    [Fact]
    public void Refuses_more_than_the_pair_limit_without_serializing_the_round()
    {
        var pair = new QaPair("q", "a");

        Assert.False(_encoder.Encode("u", Enumerable.Repeat(pair, RoundLimits.MaxPairs).ToArray(), Occurred).IsRefused);
        var encoded = _encoder.Encode("u", Enumerable.Repeat(pair, RoundLimits.MaxPairs + 1).ToArray(), Occurred);

        Assert.Equal(new RoundLimitViolation(RoundLimit.Pairs, RoundLimits.MaxPairs + 1, RoundLimits.MaxPairs), encoded.Violation);
        Assert.Null(encoded.ValueBytes);
        Assert.Equal(RoundLimits.MaxPairs + 1, encoded.PairCount);
    }

    [Fact]
    public void Refuses_a_text_larger_than_mediumtext_before_measuring_the_value()
    {
        var encoded = _encoder.Encode("u", [new QaPair("q", new string('x', RoundLimits.MaxContentBytes + 1))], Occurred);

        Assert.Equal(new RoundLimitViolation(RoundLimit.ContentBytes, RoundLimits.MaxContentBytes + 1, RoundLimits.MaxContentBytes), encoded.Violation);
        Assert.Null(encoded.ValueBytes);
    }

    [Fact]
    public void Rejects_a_user_id_with_an_unpaired_surrogate()
    {
        // Its UTF-8 form would carry U+FFFD instead: the round would land under another user id.
        Assert.Throws<ArgumentException>(() => _encoder.Encode("user-\uD800", [new QaPair("q", "a")], Occurred));
    }

    [Fact]
    public void Rejects_a_null_pair()
    {
        Assert.Throws<ArgumentException>(() => _encoder.Encode("u", [new QaPair("q", "a"), null!], Occurred));
    }

    [Fact]
    public void Rejects_text_with_an_unpaired_surrogate()
    {
        Assert.Throws<ArgumentException>(() => _encoder.Encode("u", [new QaPair("bad \uD800 text", "a")], Occurred));
    }

    [Fact]
    public void Rejects_an_occurred_before_the_epoch()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _encoder.Encode("u", [], DateTime.UnixEpoch));
    }

    [Fact]
    public void Builds_the_confluent_message()
    {
        var encoded = _encoder.Encode("u", [new QaPair("q", "a")], Occurred);

        var message = encoded.ToKafkaMessage();

        Assert.Same(encoded.Key, message.Key);
        Assert.Same(encoded.Value, message.Value);
        Assert.Equal(encoded.Headers.Select(h => h.Name), message.Headers.Select(h => h.Key));
        Assert.Equal("u", Encoding.UTF8.GetString(message.Headers.GetLastBytes("user_id")));
    }
}
