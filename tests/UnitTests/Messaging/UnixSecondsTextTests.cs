using System.Text;
using Recorder.Infrastructure.Messaging;

namespace Recorder.UnitTests.Messaging;

public class UnixSecondsTextTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("1717243200", 1_717_243_200L)]
    [InlineData(" 1717243200\r\n", 1_717_243_200L)]
    [InlineData("0", 0L)]
    [InlineData("-5", -5L)]
    [InlineData("00042", 42L)]
    public void Reads_integer_seconds(string text, long expected)
    {
        Assert.True(UnixSecondsText.TryParseInteger(Encoding.ASCII.GetBytes(text), out var seconds));

        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("1.5")]
    [InlineData("1717243200.0")]
    [InlineData(".5")]
    [InlineData("1e9")]
    [InlineData("+1717243200")]
    [InlineData("-")]
    [InlineData("--5")]
    [InlineData("2026-11-20")]
    [InlineData("1 2")]
    [InlineData("１２３")]
    public void Anything_but_an_integer_is_not_read(string text)
    {
        Assert.False(UnixSecondsText.TryParseInteger(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("-99999999999999999999999999999999")]
    public void A_huge_integer_is_still_an_integer_and_not_a_representable_time(string text)
    {
        Assert.True(UnixSecondsText.TryParseInteger(Encoding.ASCII.GetBytes(text), out var seconds));

        Assert.False(UnixSecondsText.TryToUtc(seconds, out _));
    }

    [Fact]
    public void Converts_seconds_to_utc()
    {
        Assert.True(UnixSecondsText.TryToUtc(1_717_243_200, out var utc));

        Assert.Equal(new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(999)]
    public void Formats_whole_seconds_only(int milliseconds)
    {
        var utc = DateTime.UnixEpoch.AddSeconds(1_717_243_200).AddMilliseconds(milliseconds);

        Assert.Equal("1717243200", UnixSecondsText.Format(utc));
    }
}
