namespace Recorder.Infrastructure.Kafka.DeadLetter.Replay;

/// <summary>What one replay run did, in total and per <c>dlq_reason</c>. Holds counts and positions, never content.</summary>
public sealed class ReplayReport
{
    /// <summary>Records without a <c>dlq_reason</c> are counted under this name.</summary>
    public const string NoReason = "(none)";

    private const int MaxLocationsListed = 10;

    public ReplayReport(ReplayRequest request, string deadLetterTopic, string sourceTopic)
    {
        Request = request;
        DeadLetterTopic = deadLetterTopic;
        SourceTopic = sourceTopic;
    }

    public ReplayRequest Request { get; }

    public string DeadLetterTopic { get; }

    public string SourceTopic { get; }

    public SortedDictionary<string, ReplayCounts> ByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Where reading started and ended, per dead-letter partition.</summary>
    public IReadOnlyList<PartitionRange> Ranges { get; set; } = [];

    /// <summary>The progress committed at the end, per dead-letter partition (empty in a dry run).</summary>
    public SortedDictionary<int, long> Committed { get; } = [];

    /// <summary>Dead-letter locations (<c>partition/offset</c>) of selected records that cannot be replayed, the first few.</summary>
    public List<string> UnreplayableLocations { get; } = [];

    /// <summary>
    /// Records sent without a usable <c>occurred</c> header and without a usable original timestamp: the recorder
    /// stores them with the time of the replay, so one that was stored before would be stored again.
    /// </summary>
    public int TimedAtReplay { get; set; }

    /// <summary>True when <see cref="ReplayRequest.Limit"/> stopped the run before the end of the topic.</summary>
    public bool StoppedAtLimit { get; set; }

    /// <summary>Why the run stopped early, when it did (Kafka error, nothing delivered in time); null on success.</summary>
    public string? Error { get; set; }

    public int Read => ByReason.Values.Sum(c => c.Read);

    public int Matched => ByReason.Values.Sum(c => c.Matched);

    public int Sent => ByReason.Values.Sum(c => c.Sent);

    public int Skipped => ByReason.Values.Sum(c => c.Skipped);

    public int Unreplayable => ByReason.Values.Sum(c => c.Unreplayable);

    public int Failed => ByReason.Values.Sum(c => c.Failed);

    public int Duplicates => ByReason.Values.Sum(c => c.Duplicates);

    /// <summary>Matched records that are sent (or, in a dry run, would be): one per source record.</summary>
    public int Sendable => ByReason.Values.Sum(c => c.Sendable);

    public ReplayCounts For(string? reason)
    {
        var key = reason ?? NoReason;
        if (!ByReason.TryGetValue(key, out var counts))
        {
            counts = new ReplayCounts();
            ByReason[key] = counts;
        }

        return counts;
    }

    public void NoteUnreplayable(DeadLetterRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (UnreplayableLocations.Count < MaxLocationsListed)
        {
            UnreplayableLocations.Add($"{record.Partition}/{record.Offset}");
        }
    }
}

/// <summary>Counts of one reason. Read = Matched + Skipped; Matched = Sendable + Duplicates + Unreplayable.</summary>
public sealed class ReplayCounts
{
    public int Read { get; set; }

    /// <summary>Selected by the filter.</summary>
    public int Matched { get; set; }

    /// <summary>Produced to the source topic and acknowledged.</summary>
    public int Sent { get; set; }

    /// <summary>Read but not selected by the filter.</summary>
    public int Skipped { get; set; }

    /// <summary>Selected, but cannot be replayed from the dead-letter topic (a stub without its value, or no source topic of ours).</summary>
    public int Unreplayable { get; set; }

    /// <summary>Selected, produced, not acknowledged.</summary>
    public int Failed { get; set; }

    /// <summary>
    /// Selected, but another copy of the same source record was already sent in this run (a record can be
    /// dead-lettered twice when it was redelivered before its offset was committed).
    /// </summary>
    public int Duplicates { get; set; }

    /// <summary>Selected and sent, or to be sent (Sent + Failed once the deliveries are in).</summary>
    public int Sendable => Matched - Unreplayable - Duplicates;
}
