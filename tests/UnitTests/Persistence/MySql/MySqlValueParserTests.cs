using System.Text;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.Infrastructure.Persistence.MySql.Native;

namespace Recorder.UnitTests.Persistence.MySql;

public class MySqlValueParserTests
{
    private static ResultColumn Column(MySqlFieldType type, uint flags = 0, uint charset = 45, ulong length = 10) =>
        new("c", type, flags, charset, 0, length);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Datetime_keeps_fractions_and_is_utc()
    {
        var value = MySqlValueParser.ParseDateTime(Bytes("2024-02-29 23:59:58.123"));

        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Utc), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560),
            MySqlValueParser.ParseDateTime(Bytes("2024-01-02 03:04:05.123456")));
        Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), MySqlValueParser.ParseDateTime(Bytes("2024-01-02")));
    }

    [Fact]
    public void Zero_dates_and_garbage_are_cast_errors()
    {
        Assert.Throws<InvalidCastException>(() => MySqlValueParser.ParseDateTime(Bytes("0000-00-00 00:00:00")));
        Assert.Throws<InvalidCastException>(() => MySqlValueParser.ParseDateTime(Bytes("yesterday")));
    }

    [Fact]
    public void Time_values_may_exceed_a_day_and_be_negative()
    {
        Assert.Equal(TimeSpan.FromHours(838) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59), MySqlValueParser.ParseTime(Bytes("838:59:59")));
        Assert.Equal(-TimeSpan.FromSeconds(1.5), MySqlValueParser.ParseTime(Bytes("-00:00:01.5")));
    }

    [Fact]
    public void Integer_columns_map_to_their_clr_types()
    {
        Assert.Equal(-7, MySqlValueParser.GetValue(Column(MySqlFieldType.Long), Bytes("-7")));
        Assert.Equal(18446744073709551615UL, MySqlValueParser.GetValue(Column(MySqlFieldType.LongLong, MariaDbConstants.UnsignedFlag), Bytes("18446744073709551615")));
        Assert.Equal(true, MySqlValueParser.GetValue(Column(MySqlFieldType.Tiny, length: 1), Bytes("1")));
        Assert.Equal((sbyte)-3, MySqlValueParser.GetValue(Column(MySqlFieldType.Tiny, length: 4), Bytes("-3")));
        Assert.Equal(5UL, MySqlValueParser.GetValue(Column(MySqlFieldType.Bit), [0x05]));
    }

    [Fact]
    public void Text_and_binary_columns_are_told_apart_by_charset()
    {
        Assert.Equal("héllo", MySqlValueParser.GetValue(Column(MySqlFieldType.VarString), Bytes("héllo")));
        Assert.Equal(new byte[] { 0, 1, 2 }, MySqlValueParser.GetValue(Column(MySqlFieldType.String, charset: 63), [0, 1, 2]));
        Assert.Equal(typeof(byte[]), MySqlValueParser.GetFieldType(Column(MySqlFieldType.Blob, charset: 63)));
        Assert.Equal(typeof(string), MySqlValueParser.GetFieldType(Column(MySqlFieldType.Blob, charset: 45)));
    }

    [Fact]
    public void Decimal_and_double_use_the_invariant_culture()
    {
        Assert.Equal(1234.5m, MySqlValueParser.GetValue(Column(MySqlFieldType.NewDecimal), Bytes("1234.50")));
        Assert.Equal(1e20, MySqlValueParser.GetValue(Column(MySqlFieldType.Double), Bytes("1e20")));
    }

    [Fact]
    public void Integers_can_be_read_from_decimal_text()
    {
        Assert.Equal(12, MySqlValueParser.ParseInt64(Column(MySqlFieldType.NewDecimal), Bytes("12.0")));
    }

    [Fact]
    public void Cast_errors_do_not_echo_the_value()
    {
        var error = Assert.Throws<InvalidCastException>(() => MySqlValueParser.ParseInt64(Column(MySqlFieldType.VarString), Bytes("private words")));

        Assert.DoesNotContain("private", error.Message, StringComparison.Ordinal);
    }
}
