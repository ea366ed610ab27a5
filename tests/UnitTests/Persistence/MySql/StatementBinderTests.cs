using System.Text;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class StatementBinderTests
{
    private enum Source
    {
        USER,
        AI,
    }

    private static string Literal(object? value)
    {
        using var buffer = new StatementBuffer(16);
        SqlLiteralWriter.Write(buffer, value, new BackslashEscaper());
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Bind(string sql, bool allowUserVariables = false, params (string Name, object? Value)[] parameters)
    {
        var collection = new MySqlParameterCollection();
        foreach (var (name, value) in parameters)
        {
            collection.AddWithValue(name, value);
        }

        using var buffer = new StatementBuffer(16);
        StatementBinder.Bind(buffer, sql, null, collection, allowUserVariables, new BackslashEscaper());
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Null_and_DBNull_become_NULL()
    {
        Assert.Equal("NULL", Literal(null));
        Assert.Equal("NULL", Literal(DBNull.Value));
    }

    [Fact]
    public void Strings_are_quoted_and_escaped()
    {
        Assert.Equal("'plain'", Literal("plain"));
        Assert.Equal("''", Literal(string.Empty));
        Assert.Equal(@"'it\'s a \\ \"" \0 \n'", Literal("it's a \\ \" \0 \n"));
        Assert.Equal(@"'\'); DROP TABLE x; --'", Literal("'); DROP TABLE x; --"));
        Assert.Equal("'日本語 😀'", Literal("日本語 😀"));
        Assert.Equal("'x'", Literal('x'));
    }

    [Fact]
    public void Long_strings_are_escaped_completely()
    {
        var text = new string('\'', 10_000);

        var literal = Literal(text);

        Assert.Equal(20_002, literal.Length);
        Assert.StartsWith("'\\'", literal, StringComparison.Ordinal);
        Assert.EndsWith("\\''", literal, StringComparison.Ordinal);
    }

    [Fact]
    public void Booleans_are_one_and_zero()
    {
        Assert.Equal("1", Literal(true));
        Assert.Equal("0", Literal(false));
    }

    [Fact]
    public void Integers_use_the_invariant_culture()
    {
        Assert.Equal("-42", Literal(-42));
        Assert.Equal("9223372036854775807", Literal(long.MaxValue));
        Assert.Equal("-32768", Literal(short.MinValue));
        Assert.Equal("255", Literal((byte)255));
        Assert.Equal("-5", Literal((sbyte)-5));
        Assert.Equal("4294967295", Literal(uint.MaxValue));
        Assert.Equal("18446744073709551615", Literal(ulong.MaxValue));
        Assert.Equal("65535", Literal(ushort.MaxValue));
    }

    [Fact]
    public void Decimals_have_no_exponent_and_a_dot()
    {
        Assert.Equal("12345678901234567890.123456789", Literal(12345678901234567890.123456789m));
        Assert.Equal("0.00000001", Literal(0.00000001m));
        Assert.Equal("-1.5", Literal(-1.5m));
    }

    [Fact]
    public void Floating_point_round_trips_and_rejects_non_finite_values()
    {
        Assert.Equal("0.1", Literal(0.1));
        Assert.Equal("1E+20", Literal(1e20));
        Assert.Equal("1.5E-07", Literal(1.5e-7));
        Assert.Equal("0.25", Literal(0.25f));
        Assert.Equal(0.1, double.Parse(Literal(0.1), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Throws<NotSupportedException>(() => Literal(double.NaN));
        Assert.Throws<NotSupportedException>(() => Literal(float.PositiveInfinity));
    }

    [Fact]
    public void DateTimes_are_written_as_utc_with_microseconds()
    {
        var utc = new DateTime(2024, 2, 29, 13, 14, 15, 123, DateTimeKind.Utc).AddTicks(4560);
        Assert.Equal("'2024-02-29 13:14:15.123456'", Literal(utc));

        var unspecified = new DateTime(2024, 1, 2, 3, 4, 5, 6, DateTimeKind.Unspecified);
        Assert.Equal("'2024-01-02 03:04:05.006000'", Literal(unspecified));

        var local = utc.ToLocalTime();
        Assert.Equal(DateTimeKind.Local, local.Kind);
        Assert.Equal("'2024-02-29 13:14:15.123456'", Literal(local));
    }

    [Fact]
    public void DateTimeOffsets_are_converted_to_utc()
    {
        var value = new DateTimeOffset(2024, 5, 6, 10, 0, 0, 500, TimeSpan.FromHours(8));

        Assert.Equal("'2024-05-06 02:00:00.500000'", Literal(value));
    }

    [Fact]
    public void Dates_and_times()
    {
        Assert.Equal("'2024-05-06'", Literal(new DateOnly(2024, 5, 6)));
        Assert.Equal("'23:59:58.250000'", Literal(new TimeOnly(23, 59, 58, 250)));
        Assert.Equal("'50:00:01.000000'", Literal(TimeSpan.FromHours(50) + TimeSpan.FromSeconds(1)));
        Assert.Equal("'-0:00:01.500000'", Literal(TimeSpan.FromSeconds(-1.5)));
    }

    [Fact]
    public void Binary_values_are_hex_literals()
    {
        Assert.Equal("X'00FF7F27'", Literal(new byte[] { 0x00, 0xFF, 0x7F, 0x27 }));
        Assert.Equal("X''", Literal(Array.Empty<byte>()));
        Assert.Equal("X'0102'", Literal(new ReadOnlyMemory<byte>([1, 2])));
        Assert.Equal("X'02'", Literal(new ArraySegment<byte>([1, 2, 3], 1, 1)));
    }

    [Fact]
    public void Guids_and_enums_are_strings()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal("'0f8fad5b-d9cb-469f-a165-70867728950e'", Literal(guid));
        Assert.Equal("'AI'", Literal(Source.AI));
    }

    [Fact]
    public void Unsupported_types_are_rejected()
    {
        var error = Assert.Throws<NotSupportedException>(() => Literal(new object()));

        Assert.Contains("System.Object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_placeholders_and_leaves_everything_else_alone()
    {
        var sql = Bind("INSERT INTO t (a, b) VALUES (@a, @B) /* @a */ -- '@b'\n; SELECT '@a', @@version",
            false, ("@a", "x'y"), ("b", 5));

        Assert.Equal("INSERT INTO t (a, b) VALUES ('x\\'y', 5) /* @a */ -- '@b'\n; SELECT '@a', @@version", sql);
    }

    [Fact]
    public void Parameter_names_may_omit_the_at_sign()
    {
        Assert.Equal("SELECT 1, 1", Bind("SELECT @p, @p", false, ("p", 1)));
    }

    [Fact]
    public void A_value_cannot_inject_sql()
    {
        var sql = Bind("SELECT * FROM t WHERE name = @name", false, ("@name", "'); DROP TABLE t; --"));

        Assert.Equal(@"SELECT * FROM t WHERE name = '\'); DROP TABLE t; --'", sql);
    }

    [Fact]
    public void Unknown_placeholder_is_an_error_unless_user_variables_are_allowed()
    {
        var error = Assert.Throws<MySqlException>(() => Bind("SET @total = @p", false, ("@p", 1)));
        Assert.Contains("@total", error.Message, StringComparison.Ordinal);
        Assert.Contains("Allow User Variables", error.Message, StringComparison.Ordinal);

        Assert.Equal("SET @total = 1", Bind("SET @total = @p", true, ("@p", 1)));
    }

    [Fact]
    public void Without_parameters_the_text_is_sent_verbatim()
    {
        const string Script = "SET @x = 1; SELECT @x, '@y'";

        Assert.Equal(Script, Bind(Script));
    }

    [Fact]
    public void Multi_row_insert_binds_every_row()
    {
        var parameters = Enumerable.Range(0, 300).SelectMany(i => new[] { ($"@u{i}", (object?)$"user-{i}"), ($"@c{i}", (object?)i) }).ToArray();
        var sql = "INSERT IGNORE INTO t (u, c) VALUES " + string.Join(",", Enumerable.Range(0, 300).Select(i => $"(@u{i},@c{i})"));

        var bound = Bind(sql, false, parameters);

        Assert.StartsWith("INSERT IGNORE INTO t (u, c) VALUES ('user-0',0),('user-1',1)", bound, StringComparison.Ordinal);
        Assert.EndsWith(",('user-299',299)", bound, StringComparison.Ordinal);
    }
}
