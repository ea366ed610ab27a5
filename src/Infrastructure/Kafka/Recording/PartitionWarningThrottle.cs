using System.Collections.Concurrent;

namespace Recorder.Infrastructure.Kafka.Recording;

/// <summary>
/// Lets at most one warning per partition through per interval and counts the ones it holds back, so a producer
/// that gets something wrong in every round leaves one line a minute per partition in the log, not one per round.
/// The metric counts every occurrence; the log only has to say that it is happening. Thread-safe.
/// </summary>
internal sealed class PartitionWarningThrottle(TimeProvider timeProvider, TimeSpan interval)
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), Window> _windows = new();

    /// <summary>
    /// True when a warning for this partition may be logged now; <paramref name="heldBack"/> is then the number
    /// held back since the last one that was.
    /// </summary>
    public bool TryEnter(string topic, int partition, out long heldBack)
    {
        var window = _windows.GetOrAdd((topic, partition), static _ => new Window());
        var now = timeProvider.GetTimestamp();
        lock (window)
        {
            if (window.LastLogged is { } last && timeProvider.GetElapsedTime(last, now) < interval)
            {
                window.HeldBack++;
                heldBack = 0;
                return false;
            }

            window.LastLogged = now;
            heldBack = window.HeldBack;
            window.HeldBack = 0;
            return true;
        }
    }

    private sealed class Window
    {
        public long? LastLogged { get; set; }

        public long HeldBack { get; set; }
    }
}
