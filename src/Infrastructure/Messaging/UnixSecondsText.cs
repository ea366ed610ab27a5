using System.Globalization;

namespace Recorder.Infrastructure.Messaging;

/// <summary>The contract's time format: whole unix seconds as decimal text, e.g. <c>1712345678</c>.</summary>
internal static class UnixSecondsText
{
    // 0001-01-01 and 9999-12-31T23:59:59Z, the range of DateTime.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>
    /// Reads an integer count of seconds: ASCII digits with an optional leading minus, surrounding whitespace
    /// ignored. Anything else (a fraction, an exponent, a date, a plus sign) is not one. A value too large for a long
    /// saturates rather than failing, so that it is reported as out of range, which is what it is.
    /// </summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, out long seconds)
    {
        seconds = 0;
        text = text.Trim(" \t\r\n"u8);
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        foreach (var digit in digits)
        {
            // Past MaxSeconds nothing is storable anyway; stopping there keeps the arithmetic from overflowing.
            seconds = seconds > MaxSeconds ? seconds : (seconds * 10) + (digit - '0');
        }

        seconds = negative ? -seconds : seconds;
        return true;
    }

    /// <summary>The moment <paramref name="seconds"/> after the epoch, when <see cref="DateTime"/> can hold it.</summary>
    public static bool TryToUtc(long seconds, out DateTime utc)
    {
        var representable = seconds is >= MinSeconds and <= MaxSeconds;
        utc = representable ? DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond) : default;
        return representable;
    }

    /// <summary>
    /// Whole unix seconds, the contract's wire form: other consumers of the topic parse it as an integer, and so does
    /// the recorder, so a sub-second part is dropped rather than sent as a fraction.
    /// </summary>
    public static string Format(DateTime utc) =>
        ((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
}
