using Confluent.Kafka;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;
using Recorder.UnitTests.Application.Support;
using static Recorder.UnitTests.Messaging.DecoderTestData;

namespace Recorder.UnitTests.Messaging;

public class QaRoundMessageDecoderTests
{
    private const string TwoPairs = """[{"q":"hello","a":"hi there"},{"q":"你好","a":"您好"}]""";

    private readonly FixedTimeProvider _clock = new(Now);
    private readonly QaRoundMessageDecoder _decoder;

    public QaRoundMessageDecoderTests()
    {
        _decoder = new QaRoundMessageDecoder(_clock);
    }

    private QaRoundDecodeResult Decode(string value, IReadOnlyList<MessageHeader>? headers = null, DateTime? timestamp = null) =>
        _decoder.Decode(Utf8(value), headers ?? Headers(), timestamp);

    private static DecodedQaRound Success(QaRoundDecodeResult result)
    {
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Round;
    }

    private static DecodeError Failure(QaRoundDecodeResult result, DecodeErrorReason reason)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(reason, result.Error.Reason);
        return result.Error;
    }

    [Fact]
    public void Decodes_a_well_formed_round()
    {
        var round = Success(Decode(TwoPairs));

        Assert.Equal("user-1", round.UserId);
        Assert.Equal(new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc), round.Occurred);
        Assert.Equal(OccurredSource.Header, round.OccurredSource);
        Assert.Equal([new QaPair("hello", "hi there"), new QaPair("你好", "您好")], round.Pairs);
        Assert.Null(round.DeclaredPairCount);
    }

    [Fact]
    public void Header_names_match_case_insensitively()
    {
        var headers = new[]
        {
            Header("SCHEMA", QaRoundContract.SchemaValue),
            Header("User_Id", "u-9"),
            Header("Occurred", "1717243200"),
            Header("QA_PAIRS", "2"),
        };

        var round = Success(Decode(TwoPairs, headers));

        Assert.Equal("u-9", round.UserId);
        Assert.Equal(OccurredSource.Header, round.OccurredSource);
        Assert.Equal(2, round.DeclaredPairCount);
        Assert.False(round.PairCountMismatch);
    }

    [Fact]
    public void The_last_of_repeated_headers_wins()
    {
        var headers = new[] { Header("user_id", "first"), Header("USER_ID", "second") };

        Assert.Equal("second", Success(Decode(TwoPairs, headers)).UserId);
    }

    [Fact]
    public void Unknown_headers_are_ignored()
    {
        var headers = Headers();
        headers.Add(Header("traceparent", "00-abc"));
        headers.Add(new MessageHeader("nothing", null));

        Assert.True(Decode(TwoPairs, headers).IsSuccess);
    }

    [Theory]
    [InlineData("1717243200", 2024, 6, 1, 12, 0, 0)]
    [InlineData(" 1717243200\n", 2024, 6, 1, 12, 0, 0)]
    [InlineData("946684800", 2000, 1, 1, 0, 0, 0)]
    public void Occurred_comes_from_the_header_as_unix_seconds(
        string header, int year, int month, int day, int hour, int minute, int second)
    {
        var round = Success(Decode(TwoPairs, Headers(occurred: header), timestamp: Now.UtcDateTime.AddSeconds(5)));

        Assert.Equal(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc), round.Occurred);
        Assert.Equal(DateTimeKind.Utc, round.Occurred.Kind);
        Assert.Equal(OccurredSource.Header, round.OccurredSource);
        Assert.Null(round.OccurredFallback);
    }

    [Theory]
    [InlineData(null, OccurredFallbackReason.Missing)]
    [InlineData("", OccurredFallbackReason.Missing)]
    [InlineData(" \t", OccurredFallbackReason.Missing)]
    [InlineData("yesterday", OccurredFallbackReason.Unparsable)]
    [InlineData("2026-11-20", OccurredFallbackReason.Unparsable)]
    [InlineData("1.5", OccurredFallbackReason.Unparsable)]
    [InlineData("1717243200.5", OccurredFallbackReason.Unparsable)]
    [InlineData("1e9", OccurredFallbackReason.Unparsable)]
    [InlineData("+1717243200", OccurredFallbackReason.Unparsable)]
    [InlineData("1717243200.", OccurredFallbackReason.Unparsable)]
    [InlineData("-5", OccurredFallbackReason.OutOfRange)]
    [InlineData("0", OccurredFallbackReason.OutOfRange)]
    [InlineData("1", OccurredFallbackReason.OutOfRange)]
    [InlineData("946684799", OccurredFallbackReason.OutOfRange)]
    [InlineData("99999999999999", OccurredFallbackReason.OutOfRange)]
    [InlineData("1717243200000", OccurredFallbackReason.OutOfRange)]
    public void An_unusable_occurred_falls_back_to_the_kafka_timestamp_and_says_why(string? header, OccurredFallbackReason reason)
    {
        var timestamp = new DateTime(2024, 5, 31, 8, 30, 15, 250, DateTimeKind.Utc).AddTicks(42);

        var round = Success(Decode(TwoPairs, Headers(occurred: header), timestamp));

        Assert.Equal(new DateTime(2024, 5, 31, 8, 30, 15, 250, DateTimeKind.Utc), round.Occurred);
        Assert.Equal(OccurredSource.KafkaTimestamp, round.OccurredSource);
        Assert.Equal(reason, round.OccurredFallback);
    }

    [Fact]
    public void Occurred_may_be_up_to_a_day_past_the_record_timestamp_but_not_more()
    {
        var timestamp = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var dayLater = (long)(timestamp.AddDays(1) - DateTime.UnixEpoch).TotalSeconds;

        var atLimit = Success(Decode(TwoPairs, Headers(occurred: $"{dayLater}"), timestamp));
        var beyond = Success(Decode(TwoPairs, Headers(occurred: $"{dayLater + 1}"), timestamp));

        Assert.Equal((OccurredSource.Header, timestamp.AddDays(1)), (atLimit.OccurredSource, atLimit.Occurred));
        Assert.Equal((OccurredSource.KafkaTimestamp, timestamp), (beyond.OccurredSource, beyond.Occurred));
        Assert.Equal(OccurredFallbackReason.OutOfRange, beyond.OccurredFallback);
    }

    [Fact]
    public void Without_a_record_timestamp_the_window_ends_a_day_past_now()
    {
        var nowSeconds = Now.ToUnixTimeSeconds();

        Assert.Equal(OccurredSource.Header, Success(Decode(TwoPairs, Headers(occurred: $"{nowSeconds + 86_400}"), null)).OccurredSource);
        var beyond = Success(Decode(TwoPairs, Headers(occurred: $"{nowSeconds + 86_401}"), null));
        Assert.Equal((OccurredSource.Clock, Now.UtcDateTime), (beyond.OccurredSource, beyond.Occurred));
    }

    [Fact]
    public void Without_occurred_or_timestamp_the_clock_is_used()
    {
        _clock.Now = new DateTimeOffset(2024, 7, 1, 1, 2, 3, 456, TimeSpan.FromHours(8)).AddTicks(789);

        var round = Success(Decode(TwoPairs, Headers(occurred: null), timestamp: null));

        Assert.Equal(new DateTime(2024, 6, 30, 17, 2, 3, 456, DateTimeKind.Utc), round.Occurred);
        Assert.Equal(OccurredSource.Clock, round.OccurredSource);
        Assert.Equal(OccurredFallbackReason.Missing, round.OccurredFallback);
    }

    [Theory]
    [InlineData(1970, 1, 1)]
    [InlineData(1999, 12, 31)]
    [InlineData(2024, 6, 3)]
    public void An_implausible_record_timestamp_is_passed_over_for_the_clock(int year, int month, int day)
    {
        var round = Success(Decode(TwoPairs, Headers(occurred: "bad"), new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal(OccurredSource.Clock, round.OccurredSource);
        Assert.Equal(Now.UtcDateTime, round.Occurred);
    }

    [Fact]
    public void A_local_timestamp_is_converted_to_utc()
    {
        var utc = new DateTime(2024, 5, 31, 8, 30, 15, DateTimeKind.Utc);

        var round = Success(Decode(TwoPairs, Headers(occurred: null), utc.ToLocalTime()));

        Assert.Equal(utc, round.Occurred);
    }

    [Fact]
    public void A_wrong_schema_is_a_decode_error()
    {
        var error = Failure(Decode(TwoPairs, Headers(schema: "ipang.qa.v2")), DecodeErrorReason.WrongSchema);

        Assert.Equal("wrong_schema", error.Code);
    }

    [Theory]
    [InlineData("IPANG.QA.V1")]
    [InlineData("ipang.qa.v1 ")]
    public void The_schema_value_must_match_exactly(string schema)
    {
        Failure(Decode(TwoPairs, Headers(schema: schema)), DecodeErrorReason.WrongSchema);
    }

    [Fact]
    public void An_absent_schema_is_accepted()
    {
        Assert.True(Decode(TwoPairs, Headers(schema: null)).IsSuccess);
    }

    [Fact]
    public void An_empty_schema_is_treated_as_absent()
    {
        Assert.True(Decode(TwoPairs, Headers(schema: "")).IsSuccess);
    }

    [Fact]
    public void A_missing_user_id_is_a_decode_error()
    {
        var headers = new[] { Header("schema", QaRoundContract.SchemaValue), Header("occurred", "1717243200") };

        var error = Failure(Decode(TwoPairs, headers), DecodeErrorReason.MissingUserId);

        Assert.Equal("missing_user_id", error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_or_blank_user_id_is_a_decode_error(string userId)
    {
        Failure(Decode(TwoPairs, Headers(userId: userId)), DecodeErrorReason.MissingUserId);
    }

    [Fact]
    public void A_user_id_header_without_value_is_a_decode_error()
    {
        Failure(Decode(TwoPairs, [new MessageHeader("user_id", null)]), DecodeErrorReason.MissingUserId);
    }

    [Fact]
    public void A_user_id_that_is_not_utf8_is_a_decode_error()
    {
        Failure(Decode(TwoPairs, [new MessageHeader("user_id", [0x75, 0xC3, 0x28])]), DecodeErrorReason.InvalidUserId);
    }

    [Fact]
    public void Without_headers_the_user_id_is_missing()
    {
        Failure(_decoder.Decode(Utf8(TwoPairs), (IReadOnlyList<MessageHeader>?)null, null), DecodeErrorReason.MissingUserId);
    }

    [Theory]
    [InlineData("", "The value is empty.")]
    [InlineData(" \r\n\t", "The value is empty (whitespace only).")]
    public void An_empty_value_says_so_rather_than_pointing_at_line_zero(string value, string message)
    {
        var error = Failure(Decode(value), DecodeErrorReason.InvalidJson);

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"q\":\"a\"}")]
    [InlineData("[{\"q\":\"a\"},]")]
    [InlineData("[{\"q\":\"a\",}]")]
    [InlineData("[{\"q\":\"a\"}] trailing")]
    [InlineData("[{\"q\":\"a\"}][]")]
    [InlineData("[{\"q\":\"a\"} /* comment */]")]
    [InlineData("[{q:\"a\"}]")]
    [InlineData("{\"q\":")]
    public void Text_that_is_not_json_is_a_decode_error(string value)
    {
        var error = Failure(Decode(value), DecodeErrorReason.InvalidJson);

        Assert.Equal("invalid_json", error.Code);
    }

    [Theory]
    [InlineData("{\"q\":\"a\",\"a\":\"b\"}", "object")]
    [InlineData("\"[]\"", "string")]
    [InlineData("42", "number")]
    [InlineData("null", "null")]
    [InlineData("true", "boolean")]
    public void Json_that_is_not_an_array_is_a_decode_error(string value, string kind)
    {
        var error = Failure(Decode(value), DecodeErrorReason.NotAnArray);

        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[\"q\"]")]
    [InlineData("[null]")]
    [InlineData("[[\"q\",\"a\"]]")]
    [InlineData("[{\"q\":\"a\"},7]")]
    public void An_array_of_non_objects_is_a_decode_error(string value)
    {
        var error = Failure(Decode(value), DecodeErrorReason.InvalidPair);

        Assert.Equal("invalid_pair", error.Code);
    }

    [Theory]
    [InlineData("[{\"q\":1,\"a\":\"x\"}]")]
    [InlineData("[{\"q\":\"x\",\"a\":true}]")]
    [InlineData("[{\"q\":{\"text\":\"x\"}}]")]
    [InlineData("[{\"a\":[\"x\"]}]")]
    public void Non_string_questions_or_answers_are_a_decode_error(string value)
    {
        Failure(Decode(value), DecodeErrorReason.InvalidPair);
    }

    [Fact]
    public void The_pair_error_names_the_element_but_not_its_content()
    {
        var error = Failure(Decode("""[{"q":"ok","a":"ok"},{"q":"secret","a":12345}]"""), DecodeErrorReason.InvalidPair);

        Assert.Contains("Element 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_null_questions_and_answers_are_read_as_blank()
    {
        var round = Success(Decode("""[{"q":"only question"},{"a":"only answer"},{"q":null,"a":null},{}]"""));

        Assert.Equal(
            [new QaPair("only question", null), new QaPair(null, "only answer"), new QaPair(null, null), new QaPair(null, null)],
            round.Pairs);
    }

    [Fact]
    public void Upper_case_member_names_and_unknown_members_are_accepted()
    {
        var round = Success(Decode("""[{"Q":"q","A":"a","meta":{"x":[1,2,{"y":null}]},"n":1}]"""));

        Assert.Equal([new QaPair("q", "a")], round.Pairs);
    }

    [Fact]
    public void Escapes_are_decoded()
    {
        var round = Success(Decode("""[{"q":"line\nbreak \"quoted\" \u4F60\uD83D\uDE00","a":"tab\t\\"}]"""));

        Assert.Equal(new QaPair("line\nbreak \"quoted\" 你😀", "tab\t\\"), Assert.Single(round.Pairs));
    }

    [Fact]
    public void An_empty_array_is_a_round_without_pairs()
    {
        Assert.Empty(Success(Decode(" [ ] ")).Pairs);
    }

    [Fact]
    public void Invalid_utf8_is_detected_not_replaced()
    {
        var value = Utf8("[{\"q\":\"ab").Concat(new byte[] { 0xE4, 0xBD }).Concat(Utf8("\",\"a\":\"x\"}]")).ToArray();

        var error = Failure(_decoder.Decode(value, Headers(), null), DecodeErrorReason.InvalidUtf8);

        Assert.Equal("invalid_utf8", error.Code);
        Assert.Contains("offset 9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 })]
    public void Malformed_sequences_are_invalid_utf8(byte[] bad)
    {
        var value = Utf8("[{\"q\":\"").Concat(bad).Concat(Utf8("\",\"a\":\"x\"}]")).ToArray();

        Failure(_decoder.Decode(value, Headers(), null), DecodeErrorReason.InvalidUtf8);
    }

    [Fact]
    public void An_escaped_unpaired_surrogate_is_invalid_utf8()
    {
        Failure(Decode("""[{"q":"x\uD800y","a":"z"}]"""), DecodeErrorReason.InvalidUtf8);
    }

    [Fact]
    public void A_value_over_the_limit_is_too_large_before_it_is_parsed()
    {
        var decoder = new QaRoundMessageDecoder(_clock, maxValueBytes: 64);
        var value = new byte[65];

        var result = decoder.Decode(value, Headers(), null);

        var error = Failure(result, DecodeErrorReason.TooLarge);
        Assert.Contains("65", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_at_the_default_limit_is_accepted_and_one_byte_more_is_not()
    {
        const string prefix = "[{\"q\":\"";
        const string suffix = "\",\"a\":\"a\"}]";
        var filler = new string('x', RoundLimits.MaxValueBytes - prefix.Length - suffix.Length);
        var atLimit = Utf8(prefix + filler + suffix);
        Assert.Equal(RoundLimits.MaxValueBytes, atLimit.Length);

        var round = Success(_decoder.Decode(atLimit, Headers(), null));
        Assert.Equal(filler.Length, round.Pairs[0].Q!.Length);

        var overLimit = Utf8(prefix + filler + "x" + suffix);
        Failure(_decoder.Decode(overLimit, Headers(), null), DecodeErrorReason.TooLarge);
    }

    [Fact]
    public void Many_pairs_decode_in_order()
    {
        var value = "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"q":"q{{i}}","a":"a{{i}}"}""")) + "]";

        var round = Success(Decode(value));

        Assert.Equal(20_000, round.Pairs.Count);
        Assert.Equal(new QaPair("q19999", "a19999"), round.Pairs[^1]);
    }

    [Fact]
    public void Deeply_nested_unknown_members_beyond_the_depth_limit_are_invalid_json()
    {
        var nested = new string('[', 100) + new string(']', 100);

        Failure(Decode($$"""[{"q":"x","extra":{{nested}}}]"""), DecodeErrorReason.InvalidJson);
    }

    [Fact]
    public void A_declared_pair_count_that_differs_is_reported_not_rejected()
    {
        var headers = Headers();
        headers.Add(Header("qa_pairs", "5"));

        var round = Success(Decode(TwoPairs, headers));

        Assert.Equal(5, round.DeclaredPairCount);
        Assert.True(round.PairCountMismatch);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("-1")]
    [InlineData("99999999999")]
    public void An_unparsable_pair_count_is_ignored(string declared)
    {
        var headers = Headers();
        headers.Add(Header("qa_pairs", declared));

        Assert.Null(Success(Decode(TwoPairs, headers)).DeclaredPairCount);
    }

    [Fact]
    public void Error_messages_never_quote_the_value()
    {
        var values = new[] { "secret-token", "{\"secret-token\":1}", "[\"secret-token\"]", "[{\"q\":secret-token}]" };

        foreach (var value in values)
        {
            var result = Decode(value);
            Assert.False(result.IsSuccess);
            Assert.DoesNotContain("secret", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Decodes_a_confluent_message_with_its_timestamp()
    {
        var headers = new Headers { { "user_id", Utf8("u-k") }, { "Schema", Utf8(QaRoundContract.SchemaValue) } };
        var timestamp = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var message = new Message<byte[], byte[]>
        {
            Key = Utf8("u-k"),
            Value = Utf8(TwoPairs),
            Headers = headers,
            Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
        };

        var round = Success(_decoder.Decode(message));

        Assert.Equal("u-k", round.UserId);
        Assert.Equal(timestamp, round.Occurred);
        Assert.Equal(OccurredSource.KafkaTimestamp, round.OccurredSource);
    }

    [Fact]
    public void A_message_without_value_is_invalid_json()
    {
        var message = new Message<byte[], byte[]> { Value = null!, Headers = new Headers { { "user_id", Utf8("u") } } };

        Assert.Equal("The value is empty.", Failure(_decoder.Decode(message), DecodeErrorReason.InvalidJson).Message);
    }

    [Fact]
    public void A_confluent_message_without_timestamp_falls_back_to_the_clock()
    {
        var message = new Message<byte[], byte[]>
        {
            Value = Utf8(TwoPairs),
            Headers = new Headers { { "user_id", Utf8("u") } },
            Timestamp = Timestamp.Default,
        };

        var round = Success(_decoder.Decode(message));

        Assert.Equal(OccurredSource.Clock, round.OccurredSource);
    }

    [Fact]
    public void A_decoded_round_becomes_the_record_command()
    {
        var round = Success(Decode(TwoPairs));
        var origin = new Recorder.Application.Conversations.Commands.RecordQaBatch.MessageOrigin("t", 1, 2);

        var command = round.ToCommand(origin);

        Assert.Equal((round.UserId, round.Occurred, origin), (command.UserId, command.Occurred, command.Source));
        Assert.Same(round.Pairs, command.Pairs);
    }
}
