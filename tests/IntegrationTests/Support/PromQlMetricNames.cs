using System.Text.RegularExpressions;

namespace Recorder.IntegrationTests.Support;

/// <summary>The series names a PromQL expression reads.</summary>
internal static partial class PromQlMetricNames
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_count", "_sum"];

    /// <summary>
    /// The recorder's own names and the standard process and .NET ones wherever they appear, plus any other name used
    /// as a selector (<c>up{…}</c>). Function names and label names never stand right before <c>{</c>.
    /// </summary>
    public static IReadOnlySet<string> In(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in Prefixed().Matches(expression))
        {
            names.Add(match.Value);
        }

        foreach (Match match in Selector().Matches(expression))
        {
            names.Add(match.Groups[1].Value);
        }

        return names;
    }

    /// <summary>
    /// The family a series name belongs to, given the families' types: <c>x_bucket</c>, <c>x_count</c> and
    /// <c>x_sum</c> belong to the histogram <c>x</c>; any other name is its own family.
    /// </summary>
    public static string Family(string seriesName, IReadOnlyDictionary<string, string> familyTypes)
    {
        ArgumentNullException.ThrowIfNull(seriesName);
        ArgumentNullException.ThrowIfNull(familyTypes);
        foreach (var suffix in HistogramSuffixes)
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal)
                && familyTypes.TryGetValue(seriesName[..^suffix.Length], out var type) && type == "histogram")
            {
                return seriesName[..^suffix.Length];
            }
        }

        return seriesName;
    }

    [GeneratedRegex(@"\b(?:qywx_recorder|process|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex Prefixed();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:""])([A-Za-z_:][A-Za-z0-9_:]*)\s*\{")]
    private static partial Regex Selector();
}
