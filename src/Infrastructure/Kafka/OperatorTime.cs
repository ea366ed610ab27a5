using System.Globalization;

namespace Recorder.Infrastructure.Kafka;

/// <summary>How an operator writes a moment on the command line: ISO-8601 with its UTC offset, or unix seconds.</summary>
public static class OperatorTime
{
    /// <summary>
    /// Reads <c>2026-11-20T08:00:00Z</c>, <c>2026-11-20T16:00:00+08:00</c> (fractions allowed) or <c>1795161600</c>.
    /// A date or time without an offset is refused: read as UTC or as the server's zone, it would select the wrong
    /// eight hours for an operator in UTC+8.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset moment, out string? problem)
    {
        moment = default;
        problem = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxUnixSeconds)
            {
                moment = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            problem = $"'{value}' is too large for unix seconds.";
            return false;
        }

        if (!HasOffset(value))
        {
            problem = $"'{value}' is not unix seconds or an ISO-8601 time with its offset (e.g. 2026-11-20T08:00:00Z or 2026-11-20T16:00:00+08:00).";
            return false;
        }

        if (DateTimeOffset.TryParseExact(value, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment))
        {
            return true;
        }

        problem = $"'{value}' is not a valid ISO-8601 time (e.g. 2026-11-20T08:00:00Z).";
        return false;
    }

    // 9999-12-31T23:59:59Z.
    private const long MaxUnixSeconds = 253_402_300_799;

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private static bool HasOffset(string value)
    {
        if (value.EndsWith('Z') || value.EndsWith('z'))
        {
            return true;
        }

        // ±hh:mm after the time part (the date's own hyphens come before the 'T').
        var time = value.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && value.AsSpan(time).IndexOfAny('+', '-') > 0;
    }
}
