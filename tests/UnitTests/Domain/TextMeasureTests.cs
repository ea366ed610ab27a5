using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Domain;

public class TextMeasureTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("中文", 2)]
    [InlineData("a😀b", 3)]
    public void Counts_code_points(string text, int expected)
    {
        Assert.Equal(expected, TextMeasure.CountCodePoints(text));
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("中", 3)]
    [InlineData("😀", 4)]
    public void Measures_utf8_bytes(string text, long expected)
    {
        Assert.Equal(expected, TextMeasure.Utf8ByteCountOrInvalid(text));
    }

    [Fact]
    public void Counts_a_stray_surrogate_as_one_character()
    {
        Assert.Equal(2, TextMeasure.CountCodePoints(Text.LoneLow + "x"));
        Assert.Equal(1, TextMeasure.CountCodePoints(Text.LoneHigh));
    }

    // Ill-formed strings do not survive attribute arguments or theory-data serialization (both go through UTF-8),
    // so the cases are looked up by index.
    private static readonly string[] UnpairedSurrogates =
        ["a" + Text.LoneHigh, Text.LoneLow + "b", Text.LoneHigh + Text.LoneHigh, Text.LoneLow + Text.LoneHigh];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Flags_unpaired_surrogates_as_unstorable(int index)
    {
        var text = UnpairedSurrogates[index];

        Assert.False(TextMeasure.IsWellFormed(text));
        Assert.Equal(-1, TextMeasure.Utf8ByteCountOrInvalid(text));
        Assert.False(TextMeasure.IsStorableText(text, 100));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("😀 pair 😀")]
    public void Well_formed_text_is_recognised(string text)
    {
        Assert.True(TextMeasure.IsWellFormed(text));
    }

    [Fact]
    public void Checks_the_byte_limit()
    {
        Assert.True(TextMeasure.IsStorableText("中中", 6));
        Assert.False(TextMeasure.IsStorableText("中中", 5));
    }
}
