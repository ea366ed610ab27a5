using System.Buffers.Text;
using System.Globalization;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// The contract's time format: unix seconds as decimal text, e.g. <c>1712345678</c>. A fractional part is accepted
/// and kept to the millisecond (storage precision); anything finer is truncated.
/// </summary>
internal static class UnixSecondsText
{
    // 9999-12-31T23:59:59Z, the last second DateTime (and MySQL DATETIME) can hold.
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>
    /// Parses header bytes. Zero and negative values count as unparsable: they are what an unset field looks like,
    /// never a real conversation time, so the next source in the fallback chain is the better answer.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        utc = default;
        text = text.Trim(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return false;
        }

        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        // Digits only: no sign, no exponent; twelve digits already exceed the largest storable second.
        if (whole.IsEmpty || whole.Length > 12 || !AllDigits(whole)
            || !Utf8Parser.TryParse(whole, out long seconds, out var consumed) || consumed != whole.Length)
        {
            return false;
        }

        var milliseconds = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            if (fraction.IsEmpty || !AllDigits(fraction))
            {
                return false;
            }

            for (var i = 0; i < 3; i++)
            {
                milliseconds = (milliseconds * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
        }

        if (seconds <= 0 || seconds > MaxSeconds)
        {
            return false;
        }

        utc = DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (milliseconds * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>
    /// Whole unix seconds, the contract's wire form: other consumers of the topic parse it as an integer, so a
    /// sub-second part is dropped rather than sent as a fraction (parsing still accepts one).
    /// </summary>
    public static string Format(DateTime utc) =>
        ((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);

    private static bool AllDigits(ReadOnlySpan<byte> text) => !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
