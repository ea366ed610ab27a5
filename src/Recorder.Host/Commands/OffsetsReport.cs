using System.Globalization;
using Recorder.Infrastructure.Kafka.Offsets;

namespace Recorder.Host.Commands;

/// <summary>The per-partition table of <c>offsets show</c> and <c>offsets reset</c>.</summary>
internal static class OffsetsReport
{
    public static async Task WriteTableAsync(TextWriter output, IReadOnlyList<PartitionOffsets> partitions, IReadOnlyDictionary<int, long>? targets)
    {
        await output.WriteLineAsync(targets is null
            ? $"{"partition",9} {"committed",12} {"end",12} {"lag",12}"
            : $"{"partition",9} {"committed",12} {"end",12} {"target",12} {"change",12}");
        foreach (var p in partitions)
        {
            var committed = p.Committed?.ToString(CultureInfo.InvariantCulture) ?? "-";
            await output.WriteLineAsync(targets is null
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Partition,9} {committed,12} {p.High,12} {p.Lag,12}")
                : string.Create(CultureInfo.InvariantCulture, $"{p.Partition,9} {committed,12} {p.High,12} {targets[p.Partition],12} {Change(targets[p.Partition] - p.Position),12}"));
        }
    }

    /// <summary>Records re-read (negative: the group goes back) or skipped (positive) by the move.</summary>
    private static string Change(long delta) => delta > 0 ? "+" + delta.ToString(CultureInfo.InvariantCulture) : delta.ToString(CultureInfo.InvariantCulture);
}
