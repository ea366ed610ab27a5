using Recorder.Infrastructure.Kafka;

namespace Recorder.UnitTests.Kafka;

public sealed class OperatorTimeTests
{
    [Theory]
    [InlineData("1795161600", 1795161600)]
    [InlineData("0", 0)]
    [InlineData("2026-11-20T08:00:00Z", 1795161600)]
    [InlineData("2026-11-20T08:00Z", 1795161600)]
    [InlineData("2026-11-20T16:00:00+08:00", 1795161600)]
    [InlineData("2026-11-20T03:00:00-05:00", 1795161600)]
    [InlineData("2026-11-20T08:00:00.750Z", 1795161600)]
    [InlineData(" 2026-11-20T08:00:00Z ", 1795161600)]
    public void Unix_seconds_and_iso_8601_with_an_offset_are_read(string text, long expectedSeconds)
    {
        Assert.True(OperatorTime.TryParse(text, out var moment, out var problem), problem);
        Assert.Equal(expectedSeconds, moment.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("2026-11-20T08:00:00", "offset")]   // no zone: UTC or the server's? refused rather than guessed
    [InlineData("2026-11-20", "offset")]
    [InlineData("yesterday", "offset")]
    [InlineData("", "offset")]
    [InlineData(null, "offset")]
    [InlineData("-5", "offset")]
    [InlineData("1.5", "offset")]
    [InlineData("2026-13-45T08:00:00Z", "not a valid ISO-8601")]
    [InlineData("99999999999999999", "too large")]
    public void Anything_else_is_refused_with_a_reason(string? text, string expectedProblem)
    {
        Assert.False(OperatorTime.TryParse(text, out _, out var problem));
        Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
    }
}
