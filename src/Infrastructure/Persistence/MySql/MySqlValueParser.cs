using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Recorder.Infrastructure.Persistence.MySql.Native;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Converts text-protocol cell bytes to .NET values according to the column's MYSQL_FIELD type. DATETIME and TIMESTAMP
/// come back with <see cref="DateTimeKind.Utc"/>: this provider writes them as UTC.
/// </summary>
internal static class MySqlValueParser
{
    public static Type GetFieldType(ResultColumn column) => column.Type switch
    {
        MySqlFieldType.Tiny when column.Length == 1 && !column.IsUnsigned => typeof(bool),
        MySqlFieldType.Tiny => column.IsUnsigned ? typeof(byte) : typeof(sbyte),
        MySqlFieldType.Short => column.IsUnsigned ? typeof(ushort) : typeof(short),
        MySqlFieldType.Long or MySqlFieldType.Int24 => column.IsUnsigned ? typeof(uint) : typeof(int),
        MySqlFieldType.LongLong => column.IsUnsigned ? typeof(ulong) : typeof(long),
        MySqlFieldType.Year => typeof(int),
        MySqlFieldType.Decimal or MySqlFieldType.NewDecimal => typeof(decimal),
        MySqlFieldType.Float => typeof(float),
        MySqlFieldType.Double => typeof(double),
        MySqlFieldType.Timestamp or MySqlFieldType.DateTime or MySqlFieldType.Date or MySqlFieldType.NewDate => typeof(DateTime),
        MySqlFieldType.Time => typeof(TimeSpan),
        MySqlFieldType.Bit => typeof(ulong),
        MySqlFieldType.Null => typeof(object),
        _ => column.IsBinary ? typeof(byte[]) : typeof(string),
    };

    public static string GetDataTypeName(ResultColumn column) => column.Type switch
    {
        MySqlFieldType.Tiny => "TINYINT",
        MySqlFieldType.Short => "SMALLINT",
        MySqlFieldType.Int24 => "MEDIUMINT",
        MySqlFieldType.Long => "INT",
        MySqlFieldType.LongLong => "BIGINT",
        MySqlFieldType.Decimal or MySqlFieldType.NewDecimal => "DECIMAL",
        MySqlFieldType.Float => "FLOAT",
        MySqlFieldType.Double => "DOUBLE",
        MySqlFieldType.Timestamp => "TIMESTAMP",
        MySqlFieldType.DateTime => "DATETIME",
        MySqlFieldType.Date or MySqlFieldType.NewDate => "DATE",
        MySqlFieldType.Time => "TIME",
        MySqlFieldType.Year => "YEAR",
        MySqlFieldType.Bit => "BIT",
        MySqlFieldType.Json => "JSON",
        MySqlFieldType.Enum => "ENUM",
        MySqlFieldType.Set => "SET",
        MySqlFieldType.Geometry => "GEOMETRY",
        MySqlFieldType.Null => "NULL",
        MySqlFieldType.TinyBlob or MySqlFieldType.MediumBlob or MySqlFieldType.LongBlob or MySqlFieldType.Blob =>
            column.IsBinary ? "BLOB" : "TEXT",
        MySqlFieldType.String => column.IsBinary ? "BINARY" : "CHAR",
        _ => column.IsBinary ? "VARBINARY" : "VARCHAR",
    };

    public static object GetValue(ResultColumn column, ReadOnlySpan<byte> data) => GetFieldType(column) switch
    {
        var t when t == typeof(bool) => ParseInt64(column, data) != 0,
        var t when t == typeof(sbyte) => checked((sbyte)ParseInt64(column, data)),
        var t when t == typeof(byte) => checked((byte)ParseUInt64(column, data)),
        var t when t == typeof(short) => checked((short)ParseInt64(column, data)),
        var t when t == typeof(ushort) => checked((ushort)ParseUInt64(column, data)),
        var t when t == typeof(int) => checked((int)ParseInt64(column, data)),
        var t when t == typeof(uint) => checked((uint)ParseUInt64(column, data)),
        var t when t == typeof(long) => ParseInt64(column, data),
        var t when t == typeof(ulong) => ParseUInt64(column, data),
        var t when t == typeof(decimal) => ParseDecimal(data),
        var t when t == typeof(float) => (float)ParseDouble(data),
        var t when t == typeof(double) => ParseDouble(data),
        var t when t == typeof(DateTime) => ParseDateTime(data),
        var t when t == typeof(TimeSpan) => ParseTime(data),
        var t when t == typeof(byte[]) => data.ToArray(),
        var t when t == typeof(string) => ParseString(data),
        _ => DBNull.Value,
    };

    public static string ParseString(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);

    public static long ParseInt64(ResultColumn column, ReadOnlySpan<byte> data)
    {
        if (column.Type == MySqlFieldType.Bit)
        {
            return unchecked((long)ParseBit(data));
        }

        if (Utf8Parser.TryParse(data, out long value, out var consumed) && consumed == data.Length)
        {
            return value;
        }

        return decimal.ToInt64(decimal.Truncate(ParseDecimalOrThrow(data, "an integer")));
    }

    public static ulong ParseUInt64(ResultColumn column, ReadOnlySpan<byte> data)
    {
        if (column.Type == MySqlFieldType.Bit)
        {
            return ParseBit(data);
        }

        if (Utf8Parser.TryParse(data, out ulong value, out var consumed) && consumed == data.Length)
        {
            return value;
        }

        return decimal.ToUInt64(decimal.Truncate(ParseDecimalOrThrow(data, "an unsigned integer")));
    }

    public static decimal ParseDecimal(ReadOnlySpan<byte> data) => ParseDecimalOrThrow(data, "a decimal");

    public static double ParseDouble(ReadOnlySpan<byte> data) =>
        double.TryParse(data, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(data, "a floating-point number");

    /// <summary>Parses 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' and 'YYYY-MM-DD HH:MM:SS.ffffff' as UTC.</summary>
    public static DateTime ParseDateTime(ReadOnlySpan<byte> data)
    {
        if (data.Length < 10 || data[4] != '-' || data[7] != '-')
        {
            throw Invalid(data, "a date");
        }

        var year = Digits(data, 0, 4);
        var month = Digits(data, 5, 2);
        var day = Digits(data, 8, 2);
        if (year == 0 && month == 0 && day == 0)
        {
            throw new InvalidCastException("The value is MySQL's zero date (0000-00-00), which has no DateTime equivalent.");
        }

        var result = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        if (data.Length == 10)
        {
            return result;
        }

        if (data.Length < 19 || (data[10] != ' ' && data[10] != 'T') || data[13] != ':' || data[16] != ':')
        {
            throw Invalid(data, "a date and time");
        }

        result = result.AddHours(Digits(data, 11, 2)).AddMinutes(Digits(data, 14, 2)).AddSeconds(Digits(data, 17, 2));
        return data.Length > 19 ? result.AddTicks(FractionTicks(data[19..])) : result;
    }

    /// <summary>Parses TIME values such as '-838:59:59' or '12:34:56.789'.</summary>
    public static TimeSpan ParseTime(ReadOnlySpan<byte> data)
    {
        var negative = data.Length > 0 && data[0] == '-';
        var text = negative ? data[1..] : data;
        var firstColon = text.IndexOf((byte)':');
        if (firstColon < 1 || text.Length < firstColon + 6 || text[firstColon + 3] != ':')
        {
            throw Invalid(data, "a time");
        }

        var hours = Digits(text, 0, firstColon);
        var minutes = Digits(text, firstColon + 1, 2);
        var seconds = Digits(text, firstColon + 4, 2);
        var ticks = (((hours * 60L) + minutes) * 60 + seconds) * TimeSpan.TicksPerSecond;
        var rest = text[(firstColon + 6)..];
        if (!rest.IsEmpty)
        {
            ticks += FractionTicks(rest);
        }

        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    /// <summary>BIT(n) arrives as big-endian bytes.</summary>
    public static ulong ParseBit(ReadOnlySpan<byte> data)
    {
        if (data.Length > 8)
        {
            throw Invalid(data, "a BIT value of at most 64 bits");
        }

        ulong value = 0;
        foreach (var b in data)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static decimal ParseDecimalOrThrow(ReadOnlySpan<byte> data, string expectation) =>
        decimal.TryParse(data, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(data, expectation);

    private static long FractionTicks(ReadOnlySpan<byte> fraction)
    {
        if (fraction.Length < 2 || fraction[0] != '.' || fraction.Length > 8)
        {
            throw Invalid(fraction, "a fraction of a second");
        }

        var digits = fraction[1..];
        long ticks = Digits(digits, 0, digits.Length);
        for (var i = digits.Length; i < 7; i++)
        {
            ticks *= 10;
        }

        return ticks;
    }

    private static int Digits(ReadOnlySpan<byte> data, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = data[i] - '0';
            if ((uint)digit > 9)
            {
                throw Invalid(data, "digits");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    // The cell's text stays out of the message: it may be conversation content, which is never logged.
    private static InvalidCastException Invalid(ReadOnlySpan<byte> data, string expectation) =>
        new($"Cannot read a {data.Length}-byte value as {expectation}.");
}
