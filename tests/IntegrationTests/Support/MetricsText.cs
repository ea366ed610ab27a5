using System.Globalization;

namespace Recorder.IntegrationTests.Support;

/// <summary>Reads sample values out of a Prometheus text exposition.</summary>
internal static class MetricsText
{
    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>, or null.</summary>
    public static double? Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static double Require(string exposition, string series) =>
        Value(exposition, series) ?? throw new Xunit.Sdk.XunitException($"series {series} missing from /metrics");

    /// <summary>Polls /metrics until <paramref name="series"/> reaches <paramref name="expected"/>.</summary>
    public static async Task<string> WaitForAsync(RecorderInstance recorder, string series, double expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string text;
        while (true)
        {
            text = await recorder.ScrapeAsync();
            if (Value(text, series) >= expected || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(expected, Value(text, series));
        return text;
    }
}
