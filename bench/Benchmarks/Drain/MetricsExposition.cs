using System.Globalization;

namespace Recorder.Benchmarks.Drain;

/// <summary>Reads single series out of a /metrics text (histogram buckets: <see cref="Percentiles.Buckets"/>).</summary>
internal static class MetricsExposition
{
    /// <summary>The value of <paramref name="series"/> (name with its labels, as exposed), or null when absent.</summary>
    public static double? Value(string exposition, string series) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture)
            : null;

    /// <summary>The value as printed in the benchmark's output, "?" when absent.</summary>
    public static string Text(string exposition, string series) =>
        Value(exposition, series)?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
