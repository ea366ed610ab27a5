namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>Records, rows and new rows that a writer transaction has committed, counted for its span.</summary>
internal readonly record struct CommittedTally(int Records, int Rows, int Inserted)
{
    public static CommittedTally operator +(CommittedTally left, CommittedTally right) =>
        new(left.Records + right.Records, left.Rows + right.Rows, left.Inserted + right.Inserted);
}
