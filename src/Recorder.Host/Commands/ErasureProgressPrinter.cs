using System.Globalization;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Host.Commands;

/// <summary>
/// Prints an erasure's progress at most every <paramref name="interval"/>, so a purge of millions of rows shows it is
/// moving without printing a line per batch. Remembers the last report for the message after an interruption.
/// </summary>
internal sealed class ErasureProgressPrinter(string command, TextWriter output, TimeSpan interval, TimeProvider time) : IProgress<ErasureProgress>
{
    private long _lastPrinted = time.GetTimestamp();

    public ErasureProgress? Last { get; private set; }

    public void Report(ErasureProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Last = value;
        if (time.GetElapsedTime(_lastPrinted) >= interval)
        {
            _lastPrinted = time.GetTimestamp();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{command}: {value.Batches} batches, {value.Rows} rows, {value.Elapsed.TotalSeconds:0.0} s elapsed, longest batch {value.LongestBatch.TotalMilliseconds:0} ms"));
        }
    }
}
