namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>Records, rows and new rows that a writer transaction has committed, counted for its span.</summary>
internal readonly record struct CommittedTally(int Records, int Rows, int Inserted)
{
    /// <summary>Rows that were stored already (the unique key skipped them).</summary>
    public int Ignored => Rows - Inserted;

    /// <summary>The first <paramref name="count"/> messages of a batch, with the new rows each got.</summary>
    public static CommittedTally Of(List<PendingWrite> batch, int[] inserted, int count)
    {
        var rows = 0;
        var insertedRows = 0;
        for (var i = 0; i < count; i++)
        {
            rows += batch[i].Rows.Length;
            insertedRows += inserted[i];
        }

        return new CommittedTally(count, rows, insertedRows);
    }

    public static CommittedTally operator +(CommittedTally left, CommittedTally right) =>
        new(left.Records + right.Records, left.Rows + right.Rows, left.Inserted + right.Inserted);
}
