namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>What one command text produced: its result sets and, for data changes, the affected-row total
/// (-1 when no statement changed data).</summary>
internal sealed class ExecutionResult(IReadOnlyList<ResultSet> resultSets, long recordsAffected, ulong lastInsertId)
{
    public IReadOnlyList<ResultSet> ResultSets { get; } = resultSets;

    public long RecordsAffected { get; } = recordsAffected;

    public ulong LastInsertId { get; } = lastInsertId;
}
