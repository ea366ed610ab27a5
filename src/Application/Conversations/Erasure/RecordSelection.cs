namespace Recorder.Application.Conversations.Erasure;

/// <summary>Which stored rows an erasure removes (docs/design.md §9.5).</summary>
public abstract record RecordSelection;

/// <summary>Rows whose round happened before <paramref name="Cutoff"/> (UTC): the retention purge.</summary>
public sealed record RecordsOccurredBefore(DateTime Cutoff) : RecordSelection;

/// <summary>Every row of one user, the id compared byte for byte: <c>CaseUser</c> is not <c>caseuser</c>.</summary>
public sealed record RecordsOfUser(string UserId) : RecordSelection
{
    // A user being forgotten should not reappear in a log line through a stray interpolation.
    public override string ToString() => "rows of one user";
}
