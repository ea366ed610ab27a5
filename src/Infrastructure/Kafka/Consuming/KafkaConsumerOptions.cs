using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>
/// Settings of the gated consumer. Defaults follow docs/design.md §5; librdkafka settings that the
/// commit gate depends on (manual commit, no automatic offset store, cooperative-sticky) are not configurable.
/// </summary>
public sealed class KafkaConsumerOptions
{
    /// <summary>The largest round value (<see cref="RoundLimits.MaxValueBytes"/>) is the largest record to fetch.</summary>
    public const int DefaultMaxMessageBytes = RoundLimits.MaxValueBytes;

    /// <summary>librdkafka <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string Topic { get; set; } = "qywx-recorder";

    public string GroupId { get; set; } = "qywx-recorder-group";

    /// <summary>librdkafka <c>client.id</c>; defaults to <c>qywx-recorder-{machine name}</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Messages of one partition processed concurrently, counted per assignment: workers of an earlier assignment that
    /// ignore their cancellation do not hold up the partition's next one. A message holds its slot until its rows are
    /// durable, about a third of a second while a backlog drains, so the slots of all partitions bound the drain rate
    /// (about three times their number per second). With 128, the published recorder left the database waiting for
    /// its next statement a fifth of the time; with 256 it drained 76,110-80,681 rows/s against 56,180-63,191
    /// (alternating runs; README, "Measured with the server's CPU").
    /// </summary>
    public int MaxInFlightPerPartition { get; set; } = 256;

    /// <summary>
    /// Received messages of one partition kept ready for a processing slot. Fetching of the partition pauses when
    /// this many wait and resumes when half of them are taken; the buffer keeps workers busy meanwhile, since a
    /// resumed partition takes a while to deliver again (hundreds of milliseconds measured with the mock broker).
    /// As many as the slots: a waiting message is live memory that every collection meanwhile has to keep and copy
    /// (a drain's collections each promoted 35-56 MB, the rounds in flight and these), and with 512 per partition the
    /// drain benchmark's recorder used 7.2 s of CPU on average against 6.6 s, paused 0.97 s against 0.74 s, had peaks
    /// averaging 284 MiB against 254 MiB, and drained slower in five of six alternating pairs (README, "Measured: what
    /// the recorder holds in memory").
    /// </summary>
    public int MaxBufferedPerPartition { get; set; } = 256;

    /// <summary>
    /// Bytes (key + value + headers) of received, unfinished messages over all partitions. A message costs about three
    /// times its size in memory while it is processed (its bytes, kept for a possible dead-letter copy, and its text
    /// decoded to UTF-16), so this bounds the process's working set; see the README's memory sizing.
    /// </summary>
    public long MaxInFlightBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Of <see cref="MaxInFlightBytes"/> (a larger value counts as that), the bytes of large messages
    /// (<see cref="InFlightBudget.LargeMessageBytes"/> or more). A large round costs more than three times its size
    /// until a full collection frees it from the large object heap, so these are held to a smaller budget; see the
    /// README's memory sizing. Unset, it is <see cref="MaxMessageBytes"/>: one record of the largest size at a time, and
    /// it follows a raised <see cref="MaxMessageBytes"/>. With two such records (12 MiB, the earlier default), 150 rounds
    /// of 5 MiB arriving at once peaked at 260-295 MiB in seven runs of the drain benchmark, and once over 300 MB; with
    /// one, at 223-224 MiB, though stored in 77 s instead of 52 s. Raise it where large rounds are common.
    /// </summary>
    public long? MaxInFlightLargeBytes { get; set; }

    /// <summary>The large records' budget in effect: <see cref="MaxInFlightLargeBytes"/> when set, else <see cref="MaxMessageBytes"/>.</summary>
    public long EffectiveMaxInFlightLargeBytes => MaxInFlightLargeBytes ?? MaxMessageBytes;

    /// <summary>Bytes of received, unfinished messages of one partition (at least one message of the largest size).</summary>
    public long MaxInFlightBytesPerPartition { get; set; } = 12L * 1024 * 1024;

    /// <summary>
    /// librdkafka's <c>queued.max.messages.kbytes</c>: what it pre-fetches, in KiB, before the byte budget admits it.
    /// It must hold at least one message of <see cref="MaxMessageBytes"/> or large records would never arrive.
    /// </summary>
    public int QueuedMaxMessagesKbytes { get; set; } = 16 * 1024;

    /// <summary>
    /// librdkafka's <c>queued.min.messages</c>: below this many pre-fetched messages it fetches more. librdkafka
    /// documents it per partition, but the consumer forwards every assigned partition to one queue and the count is
    /// taken there, so it holds for all partitions together (as <see cref="QueuedMaxMessagesKbytes"/> does, which
    /// stops fetching first for large records). Pausing a partition discards what was pre-fetched for it, to be
    /// fetched again on resume: with librdkafka's default of 100,000, bounded only by the kilobytes, a backlog drain
    /// fetched 1.7 times the messages it consumed; with 1,000, 1.2 times, at the same rate and with a lower peak
    /// resident set (README, "What the profile showed").
    /// </summary>
    public int QueuedMinMessages { get; set; } = 1_000;

    /// <summary>
    /// librdkafka's <c>fetch.queue.backoff.ms</c>: how long it waits before fetching again for a partition once the
    /// pre-fetch queue has reached either of its limits. Its default of 1,000 ms starves partitions when the queue
    /// is small (<see cref="QueuedMinMessages"/>) and the consumer empties it faster than that: a backlog drain with
    /// 1,000 messages went at 1,439 rounds/s with the default and at about 9,500 with 10 ms.
    /// </summary>
    public int FetchQueueBackoffMs { get; set; } = 10;

    /// <summary>Largest message the topic accepts; the byte budgets must hold at least one such message.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>
    /// Offsets of one partition handed to the processor that may wait for commit (processing, or done behind an
    /// unfinished one) before the partition is paused. Bounds the redelivery after a crash when one message is slow.
    /// </summary>
    public int MaxUncommittedPerPartition { get; set; } = 10_000;

    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int CommitEveryCompletions { get; set; } = 100;

    /// <summary>How long a revoke waits for in-flight work of the revoked partitions before committing.</summary>
    public TimeSpan RevokeDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long shutdown waits for in-flight work before the final commit.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest single wait of the poll loop in <c>Consume</c>; bounds how late a resume takes effect.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Delay before the first redelivery of a message that was not acknowledged.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the doubling redelivery delay.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public string AutoOffsetReset { get; set; } = "earliest";

    public int SessionTimeoutMs { get; set; } = 30_000;

    public int HeartbeatIntervalMs { get; set; } = 3_000;

    public int MaxPollIntervalMs { get; set; } = 600_000;

    public int FetchWaitMaxMs { get; set; } = 50;

    public int MaxPartitionFetchBytes { get; set; } = DefaultMaxMessageBytes;

    public int FetchMaxBytes { get; set; } = 67_108_864;

    public int StatisticsIntervalMs { get; set; } = 60_000;

    /// <summary>Further librdkafka settings (e.g. security), applied last. Settings the gate relies on are refused.</summary>
    public IDictionary<string, string> AdditionalSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Lists every problem with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate() => KafkaConsumerOptionsRules.Check(this);

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every problem, if any.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Invalid Kafka consumer settings: " + string.Join(" ", problems));
        }
    }
}
