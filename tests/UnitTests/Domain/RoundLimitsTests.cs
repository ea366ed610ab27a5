using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Domain;

public class RoundLimitsTests
{
    [Fact]
    public void The_documented_limits()
    {
        Assert.Equal(6_291_456, RoundLimits.MaxValueBytes);
        Assert.Equal(100_000, RoundLimits.MaxPairs);
        Assert.Equal(64, RoundLimits.MaxUserIdCodePoints);
        Assert.Equal(16_777_215, RoundLimits.MaxContentBytes);
    }

    [Fact]
    public void Each_limit_holds_at_its_value_and_breaks_one_above()
    {
        Assert.Null(RoundLimits.CheckValueBytes(RoundLimits.MaxValueBytes));
        Assert.Equal(RoundLimit.ValueBytes, RoundLimits.CheckValueBytes(RoundLimits.MaxValueBytes + 1L)?.Limit);
        Assert.Null(RoundLimits.CheckPairCount(RoundLimits.MaxPairs));
        Assert.Equal(RoundLimit.Pairs, RoundLimits.CheckPairCount(RoundLimits.MaxPairs + 1)?.Limit);
        Assert.Null(RoundLimits.CheckUserId(new string('u', 64)));
        Assert.Equal(RoundLimit.UserIdLength, RoundLimits.CheckUserId(new string('u', 65))?.Limit);
    }

    [Fact]
    public void A_configured_value_limit_replaces_the_default()
    {
        Assert.Equal(new RoundLimitViolation(RoundLimit.ValueBytes, 101, 100), RoundLimits.CheckValueBytes(101, maxValueBytes: 100));
    }

    [Fact]
    public void Text_is_measured_in_utf8_bytes()
    {
        // 5,592,405 CJK characters are 16,777,215 bytes exactly; one more is over.
        var cjk = new string('中', 5_592_405);

        Assert.Null(RoundLimits.CheckText(cjk));
        Assert.Equal(new RoundLimitViolation(RoundLimit.ContentBytes, 16_777_218, RoundLimits.MaxContentBytes), RoundLimits.CheckText(cjk + "中"));
        Assert.Null(RoundLimits.CheckText(null));
    }

    [Fact]
    public void A_round_reports_the_first_limit_it_breaks()
    {
        QaPair?[] hugeAnswer = [new QaPair("q", "a"), null, new QaPair("q", new string('x', RoundLimits.MaxContentBytes + 1))];

        Assert.Null(RoundLimits.CheckRound("u", [new QaPair("q", "a")]));
        Assert.Equal(RoundLimit.UserIdLength, RoundLimits.CheckRound(new string('u', 65), hugeAnswer)?.Limit);
        Assert.Equal(RoundLimit.ContentBytes, RoundLimits.CheckRound("u", hugeAnswer)?.Limit);
    }

    [Fact]
    public void A_violation_names_its_limit_and_numbers_only()
    {
        var violation = RoundLimits.CheckPairCount(100_001)!;

        Assert.Equal("too_many_pairs", violation.Code);
        Assert.Equal("The round has 100001 pairs; the limit is 100000.", violation.Description);
        Assert.Equal("too_many_pairs: The round has 100001 pairs; the limit is 100000.", violation.ToString());
    }
}
