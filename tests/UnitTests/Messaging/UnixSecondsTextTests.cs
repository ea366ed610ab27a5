using System.Text;
using Recorder.Infrastructure.Messaging;

namespace Recorder.UnitTests.Messaging;

public class UnixSecondsTextTests
{
    [Theory]
    [InlineData("1", 1L, 0)]
    [InlineData("1717243200", 1_717_243_200L, 0)]
    [InlineData("1717243200.1", 1_717_243_200L, 100)]
    [InlineData("1717243200.01", 1_717_243_200L, 10)]
    [InlineData("1717243200.999999", 1_717_243_200L, 999)]
    [InlineData("253402300799", 253_402_300_799L, 0)]
    public void Parses_unix_seconds(string text, long seconds, int milliseconds)
    {
        Assert.True(UnixSecondsText.TryParse(Encoding.ASCII.GetBytes(text), out var utc));

        Assert.Equal(DateTime.UnixEpoch.AddSeconds(seconds).AddMilliseconds(milliseconds), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("253402300800")]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData(".5")]
    [InlineData("1 2")]
    [InlineData("１２３")]
    public void Rejects_values_outside_the_format_or_range(string text)
    {
        Assert.False(UnixSecondsText.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(999)]
    public void Formats_whole_seconds_only(int milliseconds)
    {
        var utc = DateTime.UnixEpoch.AddSeconds(1_717_243_200).AddMilliseconds(milliseconds);

        Assert.Equal("1717243200", UnixSecondsText.Format(utc));
        Assert.True(UnixSecondsText.TryParse("1717243200"u8, out var parsed));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_717_243_200), parsed);
    }
}
