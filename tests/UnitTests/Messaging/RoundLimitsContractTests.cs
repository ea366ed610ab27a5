using System.Text.Json;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Messaging;
using Recorder.UnitTests.Application.Support;
using static Recorder.UnitTests.Messaging.DecoderTestData;

namespace Recorder.UnitTests.Messaging;

/// <summary>
/// One contract for what a round may be: the producer's encoder refuses a round exactly when the recorder (decoder,
/// then validator) would refuse it, on either side of every limit.
/// </summary>
public class RoundLimitsContractTests
{
    private readonly FixedTimeProvider _clock = new(Now);

    public static TheoryData<string, string, int, int> Rounds() => new()
    {
        // case, user id, pairs, characters of the first question
        { "ordinary round", "user-1", 3, 10 },
        { "user id of 64 characters", new string('u', 64), 1, 1 },
        { "user id of 65 characters", new string('u', 65), 1, 1 },
        { "user id of 64 emoji (128 UTF-16 units)", string.Concat(Enumerable.Repeat("😀", 64)), 1, 1 },
        { "user id of 65 emoji", string.Concat(Enumerable.Repeat("😀", 65)), 1, 1 },
        { "100,000 pairs", "user-1", RoundLimits.MaxPairs, 1 },
        { "100,001 pairs", "user-1", RoundLimits.MaxPairs + 1, 1 },
        // [{"q":"…","a":""}] has 17 bytes around the question.
        { "value of exactly 6 MiB", "user-1", 1, RoundLimits.MaxValueBytes - 17 },
        { "value one byte over 6 MiB", "user-1", 1, RoundLimits.MaxValueBytes - 16 },
    };

    [Theory]
    [MemberData(nameof(Rounds))]
    public void The_producer_refuses_exactly_what_the_recorder_refuses(string @case, string userId, int pairCount, int questionChars)
    {
        var pairs = Enumerable.Range(0, pairCount)
            .Select(i => new QaPair(i == 0 ? new string('q', questionChars) : "q", i == 0 ? "" : "a"))
            .ToArray();

        var producerRefuses = new QaRoundMessageEncoder(_clock, null).Encode(userId, pairs, Now.UtcDateTime).IsRefused;
        var recorderRefuses = RecorderRefuses(userId, pairs);

        Assert.True(producerRefuses == recorderRefuses, $"{@case}: producer refuses {producerRefuses}, recorder refuses {recorderRefuses}");
    }

    private bool RecorderRefuses(string userId, QaPair[] pairs)
    {
        // The value as any producer would write it, whatever its size.
        var value = JsonSerializer.SerializeToUtf8Bytes(pairs.Select(p => new { q = p.Q, a = p.A }));
        var decoded = new QaRoundMessageDecoder(_clock).Decode(value, Headers(userId), Now.UtcDateTime);
        if (!decoded.IsSuccess)
        {
            return true;
        }

        var command = decoded.Round.ToCommand(new MessageOrigin("qywx-recorder", 0, 0));
        return !new RecordQaBatchCommandValidator().Validate(command).IsValid;
    }
}
