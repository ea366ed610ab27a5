using System.Buffers;
using System.Globalization;
using System.Text;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Writes a parameter value as a MySQL literal. Text goes through the connection's escaper between single quotes;
/// binary data is written as X'hex', which needs no escaping; numbers use the invariant culture. Date/time values
/// are stored as UTC: Local values are converted, Unspecified values are taken to be UTC already.
/// </summary>
internal static class SqlLiteralWriter
{
    private const int StackEncodeLimit = 512;

    public static void Write<TEscaper>(StatementBuffer buffer, object? value, TEscaper escaper)
        where TEscaper : ISqlStringEscaper
    {
        switch (value)
        {
            case null:
            case DBNull:
                buffer.Write("NULL"u8);
                break;
            case string text:
                WriteString(buffer, text.AsSpan(), escaper);
                break;
            case char character:
                WriteString(buffer, new ReadOnlySpan<char>(in character), escaper);
                break;
            case bool flag:
                buffer.WriteByte(flag ? (byte)'1' : (byte)'0');
                break;
            case int number:
                WriteFormattable(buffer, number, default);
                break;
            case long number:
                WriteFormattable(buffer, number, default);
                break;
            case short number:
                WriteFormattable(buffer, number, default);
                break;
            case byte number:
                WriteFormattable(buffer, number, default);
                break;
            case sbyte number:
                WriteFormattable(buffer, number, default);
                break;
            case ushort number:
                WriteFormattable(buffer, number, default);
                break;
            case uint number:
                WriteFormattable(buffer, number, default);
                break;
            case ulong number:
                WriteFormattable(buffer, number, default);
                break;
            case decimal number:
                // decimal's general format never uses an exponent.
                WriteFormattable(buffer, number, default);
                break;
            case double number:
                WriteFloatingPoint(buffer, number);
                break;
            case float number:
                WriteFloatingPoint(buffer, number);
                break;
            case DateTime dateTime:
                WriteDateTime(buffer, ToUtc(dateTime));
                break;
            case DateTimeOffset dateTimeOffset:
                WriteDateTime(buffer, dateTimeOffset.UtcDateTime);
                break;
            case DateOnly date:
                WriteQuoted(buffer, date, "yyyy-MM-dd");
                break;
            case TimeOnly time:
                WriteQuoted(buffer, time, "HH:mm:ss.ffffff");
                break;
            case TimeSpan span:
                WriteTimeSpan(buffer, span);
                break;
            case Guid guid:
                WriteQuoted(buffer, guid, "D");
                break;
            case byte[] bytes:
                WriteHex(buffer, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteHex(buffer, memory.Span);
                break;
            case Memory<byte> memory:
                WriteHex(buffer, memory.Span);
                break;
            case ArraySegment<byte> segment:
                WriteHex(buffer, segment);
                break;
            case Enum enumValue:
                WriteString(buffer, enumValue.ToString().AsSpan(), escaper);
                break;
            default:
                throw new NotSupportedException(
                    $"Parameter values of type {value.GetType().FullName} are not supported by the MySQL provider.");
        }
    }

    public static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static void WriteString<TEscaper>(StatementBuffer buffer, ReadOnlySpan<char> text, TEscaper escaper)
        where TEscaper : ISqlStringEscaper
    {
        if (text.IsEmpty)
        {
            buffer.Write("''"u8);
            return;
        }

        // Small values are encoded on the stack; long ones are counted exactly so a 5 MiB text does not rent 15 MiB.
        var maxBytes = text.Length <= StackEncodeLimit / 3 ? Encoding.UTF8.GetMaxByteCount(text.Length) : Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= StackEncodeLimit
            ? stackalloc byte[StackEncodeLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, utf8);
            var destination = buffer.GetSpan((2 * length) + 3);
            destination[0] = (byte)'\'';
            var escaped = escaper.Escape(utf8[..length], destination[1..]);
            destination[escaped + 1] = (byte)'\'';
            buffer.Advance(escaped + 2);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void WriteFormattable<T>(StatementBuffer buffer, T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var size = 64;
        while (true)
        {
            if (value.TryFormat(buffer.GetSpan(size), out var written, format, CultureInfo.InvariantCulture))
            {
                buffer.Advance(written);
                return;
            }

            size *= 2;
        }
    }

    private static void WriteFloatingPoint<T>(StatementBuffer buffer, T value)
        where T : IUtf8SpanFormattable, System.Numerics.IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value))
        {
            throw new NotSupportedException("MySQL cannot store NaN or infinity.");
        }

        // "R" is the shortest text that reads back to the same value; large and tiny magnitudes come out as e.g.
        // 1E+20 or 1E-07, which MySQL reads as the same double.
        WriteFormattable(buffer, value, "R");
    }

    private static void WriteQuoted<T>(StatementBuffer buffer, T value, string format)
        where T : IUtf8SpanFormattable
    {
        buffer.WriteByte((byte)'\'');
        WriteFormattable(buffer, value, format);
        buffer.WriteByte((byte)'\'');
    }

    /// <summary>'yyyy-MM-dd HH:mm:ss.ffffff', written digit by digit: a custom format string is parsed on every call.</summary>
    private static void WriteDateTime(StatementBuffer buffer, DateTime value)
    {
        var text = buffer.GetSpan(28);
        text[0] = (byte)'\'';
        WriteDigits(text.Slice(1, 4), value.Year);
        text[5] = (byte)'-';
        WriteDigits(text.Slice(6, 2), value.Month);
        text[8] = (byte)'-';
        WriteDigits(text.Slice(9, 2), value.Day);
        text[11] = (byte)' ';
        WriteDigits(text.Slice(12, 2), value.Hour);
        text[14] = (byte)':';
        WriteDigits(text.Slice(15, 2), value.Minute);
        text[17] = (byte)':';
        WriteDigits(text.Slice(18, 2), value.Second);
        text[20] = (byte)'.';
        WriteDigits(text.Slice(21, 6), (int)(value.Ticks % TimeSpan.TicksPerSecond / 10));
        text[27] = (byte)'\'';
        buffer.Advance(28);
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteTimeSpan(StatementBuffer buffer, TimeSpan span)
    {
        // TIME accepts hours beyond 24 ('-838:59:59' … '838:59:59'); TimeSpan's own formats would print days.
        var negative = span < TimeSpan.Zero;
        var magnitude = negative ? span.Negate() : span;
        var hours = (long)magnitude.TotalHours;
        var micros = (magnitude.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"'{(negative ? "-" : string.Empty)}{hours}:{magnitude.Minutes:D2}:{magnitude.Seconds:D2}.{micros:D6}'");
        buffer.Write(Encoding.ASCII.GetBytes(text));
    }

    private static void WriteHex(StatementBuffer buffer, ReadOnlySpan<byte> bytes)
    {
        var destination = buffer.GetSpan((bytes.Length * 2) + 3);
        destination[0] = (byte)'X';
        destination[1] = (byte)'\'';
        var hex = destination[2..];
        for (var i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = HexDigit(bytes[i] >> 4);
            hex[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
        }

        hex[bytes.Length * 2] = (byte)'\'';
        buffer.Advance((bytes.Length * 2) + 3);
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
