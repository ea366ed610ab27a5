using System.Globalization;
using System.Text;
using Prometheus;

namespace Recorder.IntegrationTests.Support;

/// <summary>Reads a Prometheus text exposition (format 0.0.4).</summary>
internal static class MetricsText
{
    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>, or null.</summary>
    public static double? Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return ParseValue(line[(series.Length + 1)..].Trim());
            }
        }

        return null;
    }

    public static double Require(string exposition, string series) =>
        Value(exposition, series) ?? throw new Xunit.Sdk.XunitException($"series {series} missing from /metrics");

    /// <summary>A registry's exposition text, exactly as <c>/metrics</c> would serve it.</summary>
    public static async Task<string> TextAsync(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The families of an exposition by name, each with its <c># TYPE</c> and samples. Fails on a sample line that
    /// does not belong to the family declared before it, and on a family declared twice.
    /// </summary>
    public static IReadOnlyDictionary<string, Family> Families(string exposition)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        foreach (var line in exposition.Split('\n').Where(l => l.Length > 0))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                current = new Family(parts[0], parts[1]);
                Assert.True(families.TryAdd(current.Name, current), $"family {current.Name} declared twice");
            }
            else if (!line.StartsWith('#'))
            {
                var nameEnd = line.IndexOfAny(['{', ' ']);
                var name = line[..nameEnd];
                Assert.True(current is not null && current.Owns(name), $"sample {name} outside its family");
                var labelsEnd = line[nameEnd] == '{' ? line.IndexOf("} ", nameEnd, StringComparison.Ordinal) + 1 : nameEnd;
                current!.Samples.Add(new Sample(name, line[nameEnd..labelsEnd], ParseValue(line[(labelsEnd + 1)..])));
            }
        }

        return families;
    }

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

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    internal sealed record Family(string Name, string Type)
    {
        public List<Sample> Samples { get; } = [];

        public bool Owns(string sampleName) =>
            sampleName == Name
            || (Type == "histogram" && (sampleName == Name + "_bucket" || sampleName == Name + "_sum" || sampleName == Name + "_count"));
    }

    /// <param name="Labels">As written, braces included (<c>{le="0.005"}</c>), or empty.</param>
    internal sealed record Sample(string Name, string Labels, double Value);
}
