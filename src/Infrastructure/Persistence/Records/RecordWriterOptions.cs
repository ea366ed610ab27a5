using Recorder.Infrastructure.Persistence.BulkInsert;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>How rows reach MySQL. Bound from the "Persistence" section, next to the connection settings.</summary>
public sealed class RecordWriterOptions
{
    /// <summary>
    /// Statement shape of the bulk insert. LOAD DATA LOCAL ingests as fast as the server's own bulk path (see the
    /// README's benchmark); a server that refuses it is written with multi-row INSERT instead.
    /// </summary>
    public BulkInsertMethod InsertMethod { get; set; } = BulkInsertMethod.LoadData;

    /// <summary>Rows per multi-row INSERT (each statement also stays under max_allowed_packet).</summary>
    public int InsertChunkRows { get; set; } = 300;

    /// <summary>Rows of concurrently completing messages that may share one transaction (one commit).</summary>
    public int MaxRowsPerTransaction { get; set; } = 5_000;

    /// <summary>Transactions in flight at once, each writer on a connection of its own that it keeps open.</summary>
    public int Writers { get; set; } = 4;

    /// <summary>How long transient errors are retried before the rows are reported as unstorable.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (InsertChunkRows is < 1 or > 10_000)
        {
            problems.Add($"Persistence:InsertChunkRows must be between 1 and 10000 (was {InsertChunkRows}).");
        }

        if (MaxRowsPerTransaction < InsertChunkRows)
        {
            problems.Add($"Persistence:MaxRowsPerTransaction ({MaxRowsPerTransaction}) must be at least InsertChunkRows ({InsertChunkRows}).");
        }

        if (Writers is < 1 or > 64)
        {
            problems.Add($"Persistence:Writers must be between 1 and 64 (was {Writers}).");
        }

        if (RetryBudget < TimeSpan.Zero || RetryInitialBackoff <= TimeSpan.Zero || RetryMaxBackoff < RetryInitialBackoff)
        {
            problems.Add("Persistence:RetryBudget must not be negative, RetryInitialBackoff must be positive and RetryMaxBackoff at least RetryInitialBackoff.");
        }

        return problems;
    }
}
