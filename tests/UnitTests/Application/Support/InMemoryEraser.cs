using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.UnitTests.Application.Support;

/// <summary>Stored rows as (user, occurred) pairs; deletes the oldest matching first, as the database does for a purge.</summary>
public sealed class InMemoryEraser(ManualClock clock) : IConversationRecordEraser
{
    public List<(string UserId, DateTime Occurred)> Rows { get; } = [];

    /// <summary>Rows each delete statement was allowed to take, in call order.</summary>
    public List<int> DeleteCalls { get; } = [];

    public int CountCalls { get; private set; }

    /// <summary>How long each delete takes on <paramref name="clock"/>, by call; the last value repeats.</summary>
    public IReadOnlyList<TimeSpan> Durations { get; set; } = [TimeSpan.FromMilliseconds(1)];

    public Task<long> CountAsync(RecordSelection selection, CancellationToken cancellationToken)
    {
        CountCalls++;
        return Task.FromResult((long)Rows.Count(r => Matches(selection, r)));
    }

    public int PrepareCalls { get; private set; }

    public Task PrepareAsync(RecordSelection selection, CancellationToken cancellationToken)
    {
        PrepareCalls++;
        return Task.CompletedTask;
    }

    public Task<int> DeleteBatchAsync(RecordSelection selection, int maxRows, CancellationToken cancellationToken)
    {
        clock.Advance(Durations[Math.Min(DeleteCalls.Count, Durations.Count - 1)]);
        DeleteCalls.Add(maxRows);
        var batch = Rows.Where(r => Matches(selection, r)).OrderBy(r => r.Occurred).Take(maxRows).ToList();
        batch.ForEach(r => Rows.Remove(r));
        return Task.FromResult(batch.Count);
    }

    private static bool Matches(RecordSelection selection, (string UserId, DateTime Occurred) row) => selection switch
    {
        RecordsOccurredBefore before => row.Occurred < before.Cutoff,
        RecordsOfUser user => string.Equals(row.UserId, user.UserId, StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(selection)),
    };
}
