namespace Recorder.Domain.Conversations;

/// <summary>
/// One conversation round as published before the AI call: a user, the moment the producer chose for the whole
/// round, and its question/answer pairs. It knows how the round becomes rows.
/// </summary>
public sealed class ConversationRound
{
    public ConversationRound(string userId, DateTime occurred, IReadOnlyList<QaPair> pairs)
    {
        UserIdGuard.EnsureValid(userId);
        ArgumentNullException.ThrowIfNull(pairs);
        UserId = userId;
        Occurred = OccurredTime.Normalize(occurred);
        Pairs = pairs;
    }

    public string UserId { get; }

    /// <summary>UTC, whole milliseconds; shared by every row of the round.</summary>
    public DateTime Occurred { get; }

    public IReadOnlyList<QaPair> Pairs { get; }

    /// <summary>
    /// Rows in pair order, question before answer. Text is trimmed; blank or missing sides produce no row, so a round
    /// without any non-blank text yields no rows at all (which is a valid, successful outcome).
    /// </summary>
    public IReadOnlyList<ConversationRecord> ToRecords()
    {
        if (Pairs.Count == 0)
        {
            return [];
        }

        // An array, sized for both sides of every pair: the writer keeps it as it is until the rows are durable.
        var records = new ConversationRecord[Pairs.Count * 2];
        var count = 0;
        for (var i = 0; i < Pairs.Count; i++)
        {
            var pair = Pairs[i] ?? throw new InvalidOperationException($"Pair {i} of the round is null.");
            count = AddIfNotBlank(records, count, RecordSource.User, pair.Q);
            count = AddIfNotBlank(records, count, RecordSource.Ai, pair.A);
        }

        if (count < records.Length)
        {
            Array.Resize(ref records, count);
        }

        return records;
    }

    private int AddIfNotBlank(ConversationRecord[] records, int count, RecordSource source, string? text)
    {
        if (ConversationText.IsBlank(text))
        {
            return count;
        }

        records[count] = new ConversationRecord(UserId, source, ConversationText.Stored(text), Occurred);
        return count + 1;
    }
}
