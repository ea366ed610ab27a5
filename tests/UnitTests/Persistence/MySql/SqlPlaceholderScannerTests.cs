using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class SqlPlaceholderScannerTests
{
    private static string[] Names(string sql) => [.. SqlPlaceholderScanner.Parse(sql).Placeholders.Select(p => p.Name)];

    [Fact]
    public void Finds_placeholders_in_order()
    {
        Assert.Equal(["a", "b_2", "a"], Names("SELECT @a, @b_2 FROM t WHERE x = @a"));
    }

    [Theory]
    [InlineData("SELECT '@a'")]
    [InlineData("SELECT \"@a\"")]
    [InlineData("SELECT `@a` FROM t")]
    [InlineData("SELECT 'it''s @a'")]
    [InlineData("SELECT 'it\\'s @a'")]
    [InlineData("SELECT \"say \\\"@a\\\"\"")]
    [InlineData("SELECT `we``ird @a`")]
    [InlineData("SELECT 1 -- @a")]
    [InlineData("SELECT 1 # @a")]
    [InlineData("SELECT /* @a */ 1")]
    [InlineData("SELECT /* multi\n line @a */ 1")]
    [InlineData("SELECT @@version, @@session.sql_mode, @@global.max_allowed_packet")]
    [InlineData("SELECT @'quoted', @\"dq\", @`bt`")]
    [InlineData("SELECT 'unterminated @a")]
    public void Ignores_text_that_is_not_a_placeholder(string sql) => Assert.Empty(Names(sql));

    [Fact]
    public void Placeholders_after_quoted_text_and_comments_are_found()
    {
        Assert.Equal(["p", "q", "r"], Names("SELECT 'x\\'@no', @p /* @no */, `c@no`, @q -- @no\n, @r # @no"));
    }

    [Fact]
    public void Double_dash_without_whitespace_is_not_a_comment()
    {
        Assert.Equal(["p"], Names("SELECT 1--@p"));
    }

    [Fact]
    public void Positions_are_utf8_byte_offsets()
    {
        var parsed = SqlPlaceholderScanner.Parse("SELECT '日本' , @p");
        var placeholder = Assert.Single(parsed.Placeholders);

        Assert.Equal("@p", System.Text.Encoding.UTF8.GetString(parsed.Utf8, placeholder.Start, placeholder.Length));
    }

    [Fact]
    public void Non_ascii_letters_belong_to_the_name()
    {
        Assert.Equal(["名前"], Names("SELECT @名前"));
    }
}
