namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Starts a background collection of the whole heap once large messages that finished since the last one add up to
/// <see cref="TriggerBytes"/>. A large round lives as large objects (its bytes, its text decoded to UTF-16, trimmed
/// copies), which only a full collection frees, and the runtime alone lets that garbage grow to several times what is
/// alive: measured with 150 rounds of 5 MiB arriving at once, the resident set peaked at 1,297 MiB without these
/// collections and at 650 MiB with them (48 MiB in-flight budget; a blocking, compacting collection instead did no
/// better). Small messages never trigger it.
/// </summary>
internal sealed class LargeMessageCollector(long triggerBytes, TimeProvider time)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    private long _finishedBytes;
    private long _lastCollection = time.GetTimestamp();

    public long TriggerBytes { get; } = triggerBytes;

    /// <summary>Number of collections started so far.</summary>
    public long Collections { get; private set; }

    /// <summary>Called when a message of <paramref name="bytes"/> is no longer referenced by the consumer.</summary>
    public void Finished(long bytes)
    {
        if (bytes < InFlightBudget.LargeMessageBytes || Interlocked.Add(ref _finishedBytes, bytes) < TriggerBytes)
        {
            return;
        }

        var last = Interlocked.Read(ref _lastCollection);
        if (time.GetElapsedTime(last) < MinimumInterval || Interlocked.CompareExchange(ref _lastCollection, time.GetTimestamp(), last) != last)
        {
            return;
        }

        Interlocked.Exchange(ref _finishedBytes, 0);
        Collections++;
        // Background (non-blocking) gen 2: frees the large object heap without stopping the workers for a full mark.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
    }
}
