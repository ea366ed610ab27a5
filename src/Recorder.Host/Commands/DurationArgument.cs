using System.Globalization;
using System.Text.RegularExpressions;

namespace Recorder.Host.Commands;

/// <summary>
/// Reads a retention period as operators write it: <c>30d</c>, <c>12h</c>, <c>90m</c>, or <c>hh:mm:ss</c> /
/// <c>d.hh:mm:ss</c>. A bare number is refused: <c>30</c> would be days to <see cref="TimeSpan.Parse(string)"/> and
/// minutes to someone else, and a purge is not the place to guess.
/// </summary>
internal static partial class DurationArgument
{
    public const string Forms = "30d, 12h, 90m, hh:mm:ss or d.hh:mm:ss";

    // Far beyond any retention, small enough that the arithmetic cannot overflow; the command's validator sets the real bound.
    private const long MaxUnits = 10_000_000;

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (UnitForm().Match(text) is { Success: true } unit)
        {
            if (!long.TryParse(unit.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxUnits)
            {
                return false;
            }

            duration = unit.Groups["unit"].ValueSpan[0] switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                _ => TimeSpan.FromMinutes(n),
            };
            return true;
        }

        if (ClockForm().Match(text) is { Success: true } clock)
        {
            var days = clock.Groups["d"].Success ? long.Parse(clock.Groups["d"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            var hours = int.Parse(clock.Groups["h"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            var minutes = int.Parse(clock.Groups["m"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            var seconds = int.Parse(clock.Groups["s"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            if (days > MaxUnits || hours > 23 || minutes > 59 || seconds > 59)
            {
                return false;
            }

            duration = TimeSpan.FromDays(days) + new TimeSpan(hours, minutes, seconds);
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(?<n>[0-9]{1,9})(?<unit>[dhm])$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitForm();

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,9})\.)?(?<h>[0-9]{1,2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockForm();
}
