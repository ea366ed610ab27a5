using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Messaging;

public class RoundTripTests
{
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, string> Texts() => new()
    {
        { "hello", "world" },
        { "你好，请问退款多久到账？", "一般 3-5 个工作日。😀" },
        { "quotes \" and \\ backslashes", "control \u0001\u001F\t\r\n" },
        { "<script>alert('x')</script>", "&amp; \u2028 \u2029" },
        { "", "   " },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void What_the_encoder_sends_the_decoder_reads_back(string first, string second)
    {
        var pairs = new[] { new QaPair(first, second), new QaPair(second, first) };
        var occurred = new DateTime(2024, 5, 30, 1, 2, 3, 456, DateTimeKind.Utc);
        var encoded = new QaRoundMessageEncoder(_clock, "host-a").Encode("用户-42", pairs, occurred);

        var decoded = new QaRoundMessageDecoder(_clock).Decode(encoded.ToKafkaMessage());

        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        Assert.Equal("用户-42", decoded.Round.UserId);
        // The wire carries whole seconds.
        Assert.Equal(occurred.AddMilliseconds(-456), decoded.Round.Occurred);
        Assert.Equal(OccurredSource.Header, decoded.Round.OccurredSource);
        // Text comes back as the domain stores it: trimmed, blank as empty.
        Assert.Equal(pairs.Select(p => new QaPair(ConversationText.Stored(p.Q), ConversationText.Stored(p.A))), decoded.Round.Pairs);
        Assert.Equal(2, decoded.Round.DeclaredPairCount);
    }

    [Fact]
    public void A_round_of_the_maximum_size_survives_the_round_trip()
    {
        // Three bytes per CJK character: 6,000,000 bytes of Chinese text in a handful of pairs, just under 6 MiB.
        var text = new string('话', 200_000);
        var pairs = Enumerable.Range(0, 5).Select(_ => new QaPair(text, text)).ToArray();
        var encoded = new QaRoundMessageEncoder(_clock, null).Encode("u", pairs, _clock.GetUtcNow().UtcDateTime);
        Assert.False(encoded.IsRefused);
        Assert.True(encoded.ValueBytes > 6_000_000);

        var decoded = new QaRoundMessageDecoder(_clock).Decode(encoded.Value, encoded.Headers, null);

        Assert.True(decoded.IsSuccess);
        Assert.Equal(pairs, decoded.Round.Pairs);
    }
}
