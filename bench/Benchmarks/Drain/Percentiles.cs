using System.Globalization;

namespace Recorder.Benchmarks.Drain;

/// <summary>Percentiles of exact samples, and of a Prometheus histogram's buckets (as histogram_quantile does).</summary>
internal static class Percentiles
{
    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static double Of(IReadOnlyList<double> sorted, double quantile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>Cumulative bucket counts (le → count) of a histogram in a /metrics text, optionally narrowed by labels.</summary>
    public static SortedDictionary<double, double> Buckets(string exposition, string histogram)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(histogram + "_bucket{", StringComparison.Ordinal))
            {
                continue;
            }

            var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
            le = le[..le.IndexOf('"', StringComparison.Ordinal)];
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }

        return buckets;
    }

    /// <summary>
    /// Cumulative bucket counts of exact samples under the given bounds, as a histogram with those buckets would have
    /// counted them: what <see cref="FromBuckets"/> then reads shows what interpolation inside a bucket adds.
    /// </summary>
    public static SortedDictionary<double, double> Bucketed(IReadOnlyList<double> samples, IEnumerable<double> bounds)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var bound in bounds)
        {
            buckets[bound] = samples.Count(sample => sample <= bound);
        }

        return buckets;
    }

    /// <summary>The quantile of the observations between two scrapes, interpolated linearly inside its bucket.</summary>
    public static double FromBuckets(SortedDictionary<double, double> before, SortedDictionary<double, double> after, double quantile)
    {
        var bounds = after.Keys.ToList();
        var counts = bounds.Select(b => after[b] - before.GetValueOrDefault(b)).ToList();
        var total = counts[^1];
        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = quantile * total;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                var below = i == 0 ? 0 : counts[i - 1];
                if (double.IsPositiveInfinity(bounds[i]))
                {
                    return lower;
                }

                return lower + ((bounds[i] - lower) * (rank - below) / Math.Max(counts[i] - below, 1e-9));
            }
        }

        return bounds[^1];
    }
}
